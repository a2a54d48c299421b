import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireStaff } from '../../platform/auth/guards.js';
import { notFound } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import {
  checkOfferForm,
  formValuesFromBody,
  formValuesOf,
  type OfferFormValues,
  type PoolOption,
  saveOffer,
} from './offer-editor.js';
import * as repo from './repo.js';
import { one } from './routes.js';
import * as service from './service.js';
import { addDays, berlinDate, isDate, mondayOf } from './time.js';
import { OfferEditPage, OffersPage } from './views/offer-pages.js';
import {
  BlockPage,
  type BlockValues,
  DayListPage,
  FiguresPage,
  type LocationOption,
  SettingsPage,
  StaffBookPage,
  type StaffBookValues,
  StaffMovePage,
  type StaffView,
} from './views/staff-pages.js';

const FRONT_DESK = ['admin', 'editor', 'clerk'] as const;
/** Who sets up offers, locations, counters and hours. */
const EDITORS = ['admin', 'editor'] as const;
/** The video link template (settings) is the admins' alone, also inside the offer editor. */
const isAdmin = (request: FastifyRequest) => request.staff?.role === 'admin';

const NOTICES: Record<string, string> = {
  status: 'Der Status ist gespeichert.',
  abgesagt: 'Der Termin ist abgesagt; die Person erhält eine E-Mail.',
  gebucht: 'Der Termin ist gebucht.',
  verschoben: 'Der Termin ist verschoben; die Person erhält eine E-Mail mit dem neuen Kalendereintrag.',
  gesperrt: 'Gespeichert.',
  geloescht: 'Gelöscht.',
  einstellungen: 'Die Einstellungen sind gespeichert.',
  angebot: 'Das Terminangebot ist gespeichert.',
};

function staffView(request: FastifyRequest, reply: FastifyReply): StaffView {
  const staff = request.staff;
  return {
    tenant: toTenantView(request.tenant),
    staff: staff ? { name: staff.name, email: staff.email, role: staff.role } : null,
    nav: request.server.staffNav,
    csrf: csrfToken(request, reply),
    notice: NOTICES[one(request.query, 'hinweis')],
  };
}

/** Only back to the day list of this tenant (the value comes from a form). */
function backTo(request: FastifyRequest, fallback: string) {
  const back = one(request.body, 'zurueck');
  return back.startsWith(`${fallback}?`) ? back : fallback;
}

const withNotice = (url: string, notice: string) => `${url}${url.includes('?') ? '&' : '?'}hinweis=${notice}`;

/** The front desk below /{tenant}/verwaltung/termine. */
export const staffRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;
  const home = (request: FastifyRequest) => `/${request.tenant.slug}/verwaltung/termine`;

  async function locationOptions(tenantId: string): Promise<LocationOption[]> {
    const rows = await repo.listAllLocations(db, tenantId);
    return rows.map((l) => ({ id: l.id, label: `${l.offer_title} – ${l.name}` }));
  }

  app.get('/verwaltung/termine', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    const locations = await locationOptions(request.tenant.id);
    const requested = one(request.query, 'standort');
    const locationId = locations.some((l) => l.id === requested) ? requested : (locations[0]?.id ?? '');
    const date = isDate(one(request.query, 'datum')) ? one(request.query, 'datum') : berlinDate(new Date());
    const list = locationId ? await service.loadDayList(db, request.tenant.id, locationId, date) : undefined;
    return sendPage(reply, DayListPage({ view: staffView(request, reply), locations, list, locationId, date }));
  });

  app.post<{ Params: { id: string } }>('/verwaltung/termine/:id/status', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    const ok = await service.recordAttendance(db, request.tenant.id, request.params.id, one(request.body, 'attendance'));
    if (!ok) throw notFound('Diesen Termin gibt es nicht oder er ist abgesagt.');
    return redirectAfterPost(reply, withNotice(backTo(request, home(request)), 'status'));
  });

  app.post<{ Params: { id: string } }>('/verwaltung/termine/:id/absagen', async (request, reply) => {
    const staff = requireStaff(request, ...FRONT_DESK);
    const result = await service.cancelAppointment(platform, request.tenant, request.params.id, { staffId: staff.userId });
    if (!result.ok && result.reason === 'invalid') throw notFound('Diesen Termin gibt es nicht.');
    return redirectAfterPost(reply, withNotice(backTo(request, home(request)), result.ok ? 'abgesagt' : 'status'));
  });

  async function bookPage(request: FastifyRequest, reply: FastifyReply, values: StaffBookValues, errors = {}, status = 200) {
    const locations = await locationOptions(request.tenant.id);
    if (!values.location && locations[0]) values.location = locations[0].id;
    const row = values.location ? await repo.findLocation(db, request.tenant.id, values.location) : undefined;
    const found = row ? await service.loadOfferAt(db, request.tenant.id, row.offer_id, row.id) : undefined;
    const slots =
      found && isDate(values.date)
        ? (
            await service.findSlots(
              db,
              request.tenant.id,
              { ...found.offer, minLeadMinutes: 0 },
              found.location,
              values.date,
              values.date,
            )
          ).filter((s) => s.free > 0)
        : null;
    return sendPage(reply, StaffBookPage({ view: staffView(request, reply), locations, values, slots, errors }), status);
  }

  app.get('/verwaltung/termine/buchen', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    const date = one(request.query, 'datum');
    return bookPage(request, reply, {
      location: one(request.query, 'standort'),
      date: isDate(date) ? date : berlinDate(new Date()),
      start: '',
      name: '',
      email: '',
      phone: '',
    });
  });

  app.post('/verwaltung/termine/buchen', async (request, reply) => {
    const staff = requireStaff(request, ...FRONT_DESK);
    const values: StaffBookValues = {
      location: one(request.body, 'location'),
      date: one(request.body, 'date'),
      start: one(request.body, 'start'),
      name: one(request.body, 'name'),
      email: one(request.body, 'email'),
      phone: one(request.body, 'phone'),
    };
    const row = service.isUuid(values.location) ? await repo.findLocation(db, request.tenant.id, values.location) : undefined;
    if (!row) return bookPage(request, reply, values, { location: 'Bitte wählen Sie einen Standort.' }, 422);
    const result = await service.bookAppointment(
      platform,
      request.tenant,
      {
        offerId: row.offer_id,
        locationId: row.id,
        start: values.start,
        name: values.name,
        email: values.email,
        phone: values.phone,
      },
      { staffId: staff.userId },
    );
    if (result.ok) {
      return redirectAfterPost(
        reply,
        `${home(request)}?standort=${row.id}&datum=${berlinDate(result.booking.starts_at)}&hinweis=gebucht`,
      );
    }
    if (result.kind === 'invalid') return bookPage(request, reply, values, result.errors, 422);
    if (result.kind === 'slot_taken') return bookPage(request, reply, values, { start: result.message }, 409);
    return bookPage(request, reply, values, { start: 'message' in result ? result.message : 'Nicht möglich.' }, 409);
  });

  async function movePage(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    date: string,
    error?: string,
    status = 200,
  ) {
    const booking = service.isUuid(request.params.id)
      ? await repo.findBooking(db, request.tenant.id, request.params.id)
      : undefined;
    if (!booking || booking.status !== 'booked') throw notFound('Diesen Termin gibt es nicht oder er ist abgesagt.');
    const found = await service.loadOfferAt(db, request.tenant.id, booking.offer_id, booking.location_id);
    if (!found) throw notFound();
    const slots = (
      await service.findSlots(db, request.tenant.id, { ...found.offer, minLeadMinutes: 0 }, found.location, date, date)
    ).filter((s) => s.free > 0 && s.start.getTime() !== booking.starts_at.getTime());
    return sendPage(reply, StaffMovePage({ view: staffView(request, reply), booking, date, slots, error }), status);
  }

  app.get<{ Params: { id: string } }>('/verwaltung/termine/:id/verschieben', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    const date = one(request.query, 'datum');
    return movePage(request, reply, isDate(date) ? date : berlinDate(new Date()));
  });

  app.post<{ Params: { id: string } }>('/verwaltung/termine/:id/verschieben', async (request, reply) => {
    const staff = requireStaff(request, ...FRONT_DESK);
    const start = one(request.body, 'start');
    const result = await service.moveAppointment(platform, request.tenant, request.params.id, start, { staffId: staff.userId });
    if (result.ok) {
      return redirectAfterPost(
        reply,
        `${home(request)}?standort=${result.booking.location_id}&datum=${berlinDate(result.booking.starts_at)}&hinweis=verschoben`,
      );
    }
    if (result.reason === 'invalid') throw notFound('Diesen Termin gibt es nicht.');
    const parsed = service.parseStart(start);
    const date = parsed ? berlinDate(parsed) : berlinDate(new Date());
    const message =
      result.reason === 'bad_start'
        ? result.message
        : result.reason === 'slot_taken'
          ? 'Diese Uhrzeit ist inzwischen belegt.'
          : service.LINK_MESSAGES[result.reason];
    return movePage(request, reply, date, message, result.reason === 'bad_start' ? 422 : 409);
  });

  async function blockPage(request: FastifyRequest, reply: FastifyReply, values: BlockValues, errors = {}, status = 200) {
    const [locations, exceptions] = await Promise.all([
      locationOptions(request.tenant.id),
      repo.listUpcomingExceptions(db, request.tenant.id, berlinDate(new Date())),
    ]);
    return sendPage(reply, BlockPage({ view: staffView(request, reply), locations, values, errors, exceptions }), status);
  }

  app.get('/verwaltung/termine/sperren', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    return blockPage(request, reply, {
      locationId: 'alle',
      day: berlinDate(new Date()),
      from: '',
      to: '',
      note: '',
      kind: 'closed',
    });
  });

  app.post('/verwaltung/termine/sperren', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    const values: BlockValues = {
      locationId: one(request.body, 'locationId'),
      day: one(request.body, 'day'),
      from: one(request.body, 'from'),
      to: one(request.body, 'to'),
      note: one(request.body, 'note'),
      kind: one(request.body, 'kind') === 'extra' ? 'extra' : 'closed',
    };
    const result = await service.addException(db, request.tenant.id, values);
    if (!result.ok) return blockPage(request, reply, values, result.errors, 422);
    return redirectAfterPost(reply, `${home(request)}/sperren?hinweis=gesperrt`);
  });

  app.post<{ Params: { id: string } }>('/verwaltung/termine/sperren/:id/loeschen', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    if (service.isUuid(request.params.id)) await repo.deleteException(db, request.tenant.id, request.params.id);
    return redirectAfterPost(reply, `${home(request)}/sperren?hinweis=geloescht`);
  });

  app.get('/verwaltung/termine/kennzahlen', async (request, reply) => {
    requireStaff(request, ...FRONT_DESK);
    const today = berlinDate(new Date());
    let from = isDate(one(request.query, 'von')) ? one(request.query, 'von') : mondayOf(addDays(today, -28));
    let to = isDate(one(request.query, 'bis')) ? one(request.query, 'bis') : addDays(mondayOf(today), 13);
    if (from > to) [from, to] = [to, from];
    // A year at most: the figures walk every day of the range.
    if (addDays(from, 366) < to) to = addDays(from, 366);
    const figures = await service.loadFigures(db, request.tenant.id, from, to);
    return sendPage(reply, FiguresPage({ view: staffView(request, reply), figures, from, to }));
  });

  app.get('/verwaltung/termine/einstellungen', async (request, reply) => {
    requireStaff(request, 'admin');
    return sendPage(
      reply,
      SettingsPage({ view: staffView(request, reply), template: await repo.videoLinkTemplate(db, request.tenant.id) }),
    );
  });

  app.post('/verwaltung/termine/einstellungen', async (request, reply) => {
    requireStaff(request, 'admin');
    const template = one(request.body, 'template').trim();
    if (template && !/^https:\/\/[^\s]+$/.test(template)) {
      return sendPage(
        reply,
        SettingsPage({ view: staffView(request, reply), template, error: 'Bitte geben Sie eine https-Adresse an.' }),
        422,
      );
    }
    await repo.saveVideoLinkTemplate(db, request.tenant.id, template);
    return redirectAfterPost(reply, `${home(request)}/einstellungen?hinweis=einstellungen`);
  });

  // --- offers: list and editor (admin, editor) ---

  /** Every location of another offer as a place to share counters with (by its pool). */
  async function poolOptions(tenantId: string, exceptOfferId?: string): Promise<PoolOption[]> {
    const offers = await service.listAllOffers(db, tenantId);
    const own = new Set(offers.find((o) => o.id === exceptOfferId)?.locations.map((l) => l.id));
    const labels = new Map<string, string>();
    // Named after the location whose counters they are; a pool rooted in this offer is "eigene Schalter".
    for (const offer of offers)
      for (const l of offer.locations)
        if (!own.has(l.poolId) && offer.id !== exceptOfferId && (l.id === l.poolId || !labels.has(l.poolId)))
          labels.set(l.poolId, `${l.name} (${offer.title})`);
    return [...labels].map(([value, label]) => ({ value, label }));
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    offerId: string | undefined,
    values: OfferFormValues,
    errors = {},
    status = 200,
  ) {
    const pools = await poolOptions(request.tenant.id, offerId);
    const canEditTemplate = isAdmin(request);
    return sendPage(
      reply,
      OfferEditPage({
        view: staffView(request, reply),
        offerId,
        values: canEditTemplate ? values : { ...values, videoLinkTemplate: '' },
        errors,
        pools,
        canEditTemplate,
      }),
      status,
    );
  }

  app.get('/verwaltung/termine/angebote', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const offers = await service.listAllOffers(db, request.tenant.id);
    const poolNames = new Map<string, string>();
    // A pool is named after the location whose counters it is.
    for (const o of offers) for (const l of o.locations) if (l.id === l.poolId) poolNames.set(l.poolId, `${l.name} (${o.title})`);
    return sendPage(reply, OffersPage({ view: staffView(request, reply), offers, poolNames }));
  });

  app.get('/verwaltung/termine/angebote/neu', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const template = isAdmin(request) ? await repo.videoLinkTemplate(db, request.tenant.id) : '';
    return editPage(request, reply, undefined, formValuesOf(undefined, [], template));
  });

  app.get<{ Params: { id: string } }>('/verwaltung/termine/angebote/:id', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    const offer = await service.loadOffer(db, request.tenant.id, request.params.id);
    if (!offer) throw notFound('Dieses Terminangebot gibt es nicht.');
    const [exceptions, template] = await Promise.all([
      repo.listLocationExceptions(
        db,
        request.tenant.id,
        offer.locations.map((l) => l.id),
        berlinDate(new Date()),
      ),
      isAdmin(request) ? repo.videoLinkTemplate(db, request.tenant.id) : '',
    ]);
    return editPage(request, reply, offer.id, formValuesOf(offer, exceptions, template));
  });

  async function saveFromForm(request: FastifyRequest, reply: FastifyReply, offerId: string | undefined) {
    const admin = isAdmin(request);
    const posted = formValuesFromBody(request.body);
    // An editor's form has no template field: whatever is posted under its name is ignored.
    const values = admin ? posted : { ...posted, videoLinkTemplate: '' };
    const checked = checkOfferForm(values, await poolOptions(request.tenant.id, offerId));
    if (!checked.ok) return editPage(request, reply, offerId, values, checked.errors, 422);
    const parsed = admin ? checked.parsed : { ...checked.parsed, videoLinkTemplate: undefined };
    const saved = await saveOffer(db, request.tenant.id, offerId, parsed, berlinDate(new Date()));
    if (!saved.ok) return editPage(request, reply, offerId, values, saved.errors, 422);
    return redirectAfterPost(reply, `${home(request)}/angebote?hinweis=angebot`);
  }

  app.post('/verwaltung/termine/angebote/neu', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    return saveFromForm(request, reply, undefined);
  });

  app.post<{ Params: { id: string } }>('/verwaltung/termine/angebote/:id', async (request, reply) => {
    requireStaff(request, ...EDITORS);
    if (!(await service.loadOffer(db, request.tenant.id, request.params.id)))
      throw notFound('Dieses Terminangebot gibt es nicht.');
    return saveFromForm(request, reply, request.params.id);
  });
};
