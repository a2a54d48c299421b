import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/auth/csrf.js';
import { requireCitizen } from '../../platform/auth/guards.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import { redirectAfterPost, sendPage } from '../../platform/http/reply.js';
import { toTenantView } from '../../platform/views/tenant-view.js';
import { loadService, registerServiceActions } from '../catalog/index.js';
import { tooManyBookings } from './api-routes.js';
import { appointmentIcs } from './mails.js';
import * as service from './service.js';
import { APPOINTMENTS_STAMP } from './setup-memo.js';
import { addDays, berlinDate, daysBetween, isDate, mondayOf } from './time.js';
import {
  type AppointmentDetails,
  AppointmentPage,
  CancelConfirmPage,
  CancelledPage,
  type CitizenView,
  ConfirmPage,
  type ContactValues,
  type DayCount,
  DaysPage,
  LinkProblemPage,
  LocationsPage,
  MoveTimesPage,
  MyAppointmentsPage,
  OffersPage,
  SlotTakenPage,
  TimesPage,
} from './views/citizen-pages.js';

/** A form or query field as one string. */
export const one = (source: unknown, name: string): string => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};

function citizenView(request: FastifyRequest, reply: FastifyReply): CitizenView {
  return {
    tenant: toTenantView(request.tenant),
    citizen: request.citizen ? { name: request.citizen.name, email: request.citizen.email, role: null } : null,
    csrf: csrfToken(request, reply),
  };
}

/** Free slots per day of the week starting `monday`. */
async function weekDays(
  request: FastifyRequest,
  offer: service.OfferView,
  location: service.LocationView,
  monday: string,
): Promise<DayCount[]> {
  const slots = await service.findSlots(
    request.server.platform.db,
    request.tenant.id,
    offer,
    location,
    monday,
    addDays(monday, 6),
  );
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i)).map((date) => ({
    date,
    free: slots.filter((s) => s.date === date).reduce((n, s) => n + (s.free > 0 ? 1 : 0), 0),
  }));
}

/** The week to show: the requested one (within the booking horizon) or the current one. */
function pickWeek(offer: service.OfferView, requested: string) {
  const today = berlinDate(new Date());
  const first = mondayOf(today);
  const last = mondayOf(addDays(today, offer.maxLeadDays));
  let week = isDate(requested) ? mondayOf(requested) : first;
  if (daysBetween(first, week) < 0) week = first;
  if (daysBetween(week, last) < 0) week = last;
  return {
    week,
    prevWeek: week === first ? undefined : addDays(week, -7),
    nextWeek: week === last ? undefined : addDays(week, 7),
  };
}

// The catalog's service page links to the booking when an active offer covers the service.
registerServiceActions({
  stamp: APPOINTMENTS_STAMP,
  async actionsFor(db, tenant, serviceSlug, stamps) {
    const offers = await service.listBookableOffers(db, tenant.id, stamps?.[APPOINTMENTS_STAMP]);
    if (!offers.some((o) => o.services.some((s) => s.slug === serviceSlug))) return [];
    return [{ label: 'Termin buchen', href: `/${tenant.slug}/termine?leistung=${encodeURIComponent(serviceSlug)}` }];
  },
});

const LINK_TITLES = { invalid: 'Link ungültig', cancelled: 'Termin bereits abgesagt', past: 'Termin vorbei' } as const;

/** Public booking pages below /{tenant}/termine: no JavaScript needed, one step per page. */
export const citizenRoutes: FastifyPluginAsync = async (app) => {
  const { platform } = app;
  const { db } = platform;
  const base = (request: FastifyRequest) => `/${request.tenant.slug}/termine`;

  async function details(request: FastifyRequest, link: Extract<service.LinkCheck, { ok: true }>): Promise<AppointmentDetails> {
    const { booking, offer, location } = link;
    const context = await service.appointmentContext(platform, db, request.tenant, offer, location, booking);
    return {
      reference: booking.reference,
      name: booking.name,
      email: booking.email,
      start: booking.starts_at,
      end: booking.ends_at,
      cancelled: booking.status === 'cancelled',
      offerTitle: offer.title,
      location,
      virtual: offer.virtual,
      videoLink: context.videoLink,
      documents: context.documents,
      links: context.links,
    };
  }

  const linkProblem = (request: FastifyRequest, reply: FastifyReply, reason: keyof typeof LINK_TITLES) =>
    sendPage(
      reply,
      LinkProblemPage({ view: citizenView(request, reply), title: LINK_TITLES[reason], message: service.LINK_MESSAGES[reason] }),
      reason === 'invalid' ? 403 : 409,
    );

  app.get('/termine', async (request, reply) => {
    const slug = one(request.query, 'leistung');
    let offers = await service.listBookableOffers(db, request.tenant.id);
    const filterService = slug ? await loadService(db, request.tenant.id, slug) : undefined;
    if (filterService) offers = offers.filter((o) => o.services.some((s) => s.slug === slug));
    // Coming from a service page: with one offer for the service, go straight to it.
    if (filterService && offers.length === 1) return reply.redirect(`${base(request)}/angebot/${offers[0].id}`, 303);
    const services = new Map(
      await Promise.all(offers.map(async (o) => [o.id, await service.serviceTitles(db, request.tenant.id, o)] as const)),
    );
    return sendPage(
      reply,
      OffersPage({
        view: citizenView(request, reply),
        offers,
        services,
        filter: filterService ? { slug, title: filterService.title } : undefined,
      }),
    );
  });

  app.get('/termine/meine', async (request, reply) => {
    const citizen = requireCitizen(request);
    const items = await service.listCitizenAppointments(platform, request.tenant, citizen.userId, citizen.email);
    return sendPage(
      reply,
      MyAppointmentsPage({
        view: citizenView(request, reply),
        now: new Date(),
        items: items.map((i) => ({
          id: i.booking.id,
          reference: i.booking.reference,
          offerTitle: i.offerTitle,
          place: i.place,
          start: i.booking.starts_at,
          cancelled: i.booking.status === 'cancelled',
          viewUrl: i.links.view,
        })),
      }),
    );
  });

  app.get<{ Params: { offer: string } }>('/termine/angebot/:offer', async (request, reply) => {
    const offer = await service.loadOffer(db, request.tenant.id, request.params.offer);
    if (!offer?.active) throw notFound('Dieses Terminangebot gibt es nicht.');
    if (offer.locations.length === 1) return reply.redirect(`${base(request)}/angebot/${offer.id}/${offer.locations[0].id}`, 303);
    return sendPage(reply, LocationsPage({ view: citizenView(request, reply), offer }));
  });

  app.get<{ Params: { offer: string; location: string } }>('/termine/angebot/:offer/:location', async (request, reply) => {
    const found = await service.loadOfferAt(db, request.tenant.id, request.params.offer, request.params.location);
    if (!found) throw notFound('Dieses Terminangebot oder dieser Standort existiert nicht.');
    const weeks = pickWeek(found.offer, one(request.query, 'woche'));
    return sendPage(
      reply,
      DaysPage({
        view: citizenView(request, reply),
        ...found,
        ...weeks,
        days: await weekDays(request, found.offer, found.location, weeks.week),
        base: `${base(request)}/angebot/${found.offer.id}/${found.location.id}`,
      }),
    );
  });

  async function timesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    found: { offer: service.OfferView; location: service.LocationView },
    date: string,
    values: ContactValues,
    errors = {},
    status = 200,
    notice?: string,
  ) {
    const slots = (await service.findSlots(db, request.tenant.id, found.offer, found.location, date, date)).filter(
      (s) => s.free > 0,
    );
    return sendPage(
      reply,
      TimesPage({ view: citizenView(request, reply), ...found, date, slots, values, errors, notice }),
      status,
    );
  }

  const prefilled = (request: FastifyRequest): ContactValues => ({
    start: '',
    name: request.citizen?.name ?? '',
    email: request.citizen?.email ?? '',
  });

  app.get<{ Params: { offer: string; location: string; date: string } }>(
    '/termine/angebot/:offer/:location/:date',
    async (request, reply) => {
      const found = await service.loadOfferAt(db, request.tenant.id, request.params.offer, request.params.location);
      if (!found || !isDate(request.params.date)) throw notFound('Dieses Terminangebot oder dieser Tag existiert nicht.');
      return timesPage(request, reply, found, request.params.date, prefilled(request));
    },
  );

  const contactFrom = (body: unknown): ContactValues => ({
    start: one(body, 'start'),
    name: one(body, 'name').trim(),
    email: one(body, 'email').trim(),
  });

  /** Checks time, name and address before the summary; the booking itself checks again. */
  app.post('/termine/pruefen', async (request, reply) => {
    const found = await service.loadOfferAt(db, request.tenant.id, one(request.body, 'offer'), one(request.body, 'location'));
    if (!found) throw notFound('Dieses Terminangebot oder dieser Standort existiert nicht.');
    const values = contactFrom(request.body);
    const start = service.parseStart(values.start);
    const errors: Record<string, string> = {};
    if (!start) errors.start = 'Bitte wählen Sie eine Uhrzeit.';
    if (!values.name) errors.name = 'Bitte geben Sie Ihren Namen ein.';
    if (!values.email) errors.email = 'Bitte geben Sie Ihre E-Mail-Adresse ein.';
    else if (!service.isValidEmail(service.normalizeEmail(values.email)))
      errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org.';
    const date = start ? berlinDate(start) : one(request.body, 'date') || berlinDate(new Date());
    if (!start || Object.keys(errors).length > 0) return timesPage(request, reply, found, date, values, errors, 422);
    const documents = await service.documentsToBring(db, request.tenant.id, found.offer);
    return sendPage(reply, ConfirmPage({ view: citizenView(request, reply), ...found, start, values, documents }));
  });

  app.post('/termine/buchen', async (request, reply) => {
    const values = contactFrom(request.body);
    const result = await service.bookAppointment(
      platform,
      request.tenant,
      { offerId: one(request.body, 'offer'), locationId: one(request.body, 'location'), ...values },
      { clientIp: request.ip, userId: request.citizen?.tenantId === request.tenant.id ? request.citizen.userId : null },
    );
    if (result.ok) return redirectAfterPost(reply, `${result.links.view.replace(/^https?:\/\/[^/]+/, '')}&neu=1`);
    if (result.kind === 'not_found') throw notFound(result.message);
    if (result.kind === 'rate_limited') throw tooManyBookings(reply, result.retryAfterSeconds);
    const found = await service.loadOfferAt(db, request.tenant.id, one(request.body, 'offer'), one(request.body, 'location'));
    if (!found) throw notFound();
    if (result.kind === 'invalid') {
      const start = service.parseStart(values.start);
      return timesPage(request, reply, found, start ? berlinDate(start) : berlinDate(new Date()), values, result.errors, 422);
    }
    if (result.kind === 'limit_reached') throw new HttpError(409, 'limit_reached', result.message);
    return sendPage(
      reply,
      SlotTakenPage({
        view: citizenView(request, reply),
        ...found,
        alternatives: result.alternatives,
        values,
        message: result.message,
      }),
      409,
    );
  });

  app.get<{ Params: { id: string } }>('/termine/buchung/:id', async (request, reply) => {
    const link = await service.openBookingLink(db, request.tenant.id, request.params.id, one(request.query, 'token'));
    if (!link.ok) return linkProblem(request, reply, 'invalid');
    const notices: Record<string, string> = {
      '1': 'Ihr Termin ist gebucht. Die Bestätigung mit dem Kalendereintrag ist per E-Mail unterwegs.',
      verschoben: 'Ihr Termin ist verschoben. Sie erhalten eine E-Mail mit dem neuen Kalendereintrag.',
    };
    return sendPage(
      reply,
      AppointmentPage({
        view: citizenView(request, reply),
        a: await details(request, link),
        notice: notices[one(request.query, 'neu')],
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/termine/buchung/:id/termin.ics', async (request, reply) => {
    const link = await service.openBookingLink(db, request.tenant.id, request.params.id, one(request.query, 'token'));
    if (!link.ok) return linkProblem(request, reply, 'invalid');
    const context = await service.appointmentContext(platform, db, request.tenant, link.offer, link.location, link.booking);
    const method = link.booking.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
    return reply
      .type(`text/calendar; charset=utf-8; method=${method}`)
      .header('content-disposition', 'attachment; filename="termin.ics"')
      .header('cache-control', 'no-store')
      .send(appointmentIcs(method, link.booking, context));
  });

  app.get<{ Params: { id: string } }>('/termine/buchung/:id/absagen', async (request, reply) => {
    const token = one(request.query, 'token');
    const link = await service.openBookingLink(db, request.tenant.id, request.params.id, token);
    if (!link.ok) return linkProblem(request, reply, 'invalid');
    if (link.booking.status === 'cancelled') return linkProblem(request, reply, 'cancelled');
    if (link.booking.starts_at <= new Date()) return linkProblem(request, reply, 'past');
    return sendPage(
      reply,
      CancelConfirmPage({
        view: citizenView(request, reply),
        a: await details(request, link),
        token,
        bookingId: link.booking.id,
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/termine/buchung/:id/absagen', async (request, reply) => {
    const token = one(request.body, 'token');
    const result = await service.cancelAppointment(platform, request.tenant, request.params.id, { token });
    if (!result.ok) return linkProblem(request, reply, result.reason);
    const link = await service.openBookingLink(db, request.tenant.id, request.params.id, token);
    if (!link.ok) return linkProblem(request, reply, 'invalid');
    return sendPage(reply, CancelledPage({ view: citizenView(request, reply), a: await details(request, link) }));
  });

  // Moving: choose a day of the same offer and location, then a time; the token travels in the query.
  app.get<{ Params: { id: string } }>('/termine/buchung/:id/verschieben', async (request, reply) => {
    const token = one(request.query, 'token');
    const link = await service.openBookingLink(db, request.tenant.id, request.params.id, token);
    if (!link.ok) return linkProblem(request, reply, 'invalid');
    if (link.booking.status === 'cancelled') return linkProblem(request, reply, 'cancelled');
    const weeks = pickWeek(link.offer, one(request.query, 'woche') || berlinDate(link.booking.starts_at));
    return sendPage(
      reply,
      DaysPage({
        view: citizenView(request, reply),
        offer: link.offer,
        location: link.location,
        ...weeks,
        days: await weekDays(request, link.offer, link.location, weeks.week),
        base: `${base(request)}/buchung/${link.booking.id}/verschieben`,
        query: `&token=${encodeURIComponent(token)}`,
        heading: 'Neuen Tag wählen',
      }),
    );
  });

  async function moveTimes(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    date: string,
    error?: string,
    status = 200,
  ) {
    const id = (request.params as { id: string }).id;
    const link = await service.openBookingLink(db, request.tenant.id, id, token);
    if (!link.ok) return linkProblem(request, reply, 'invalid');
    if (link.booking.status === 'cancelled') return linkProblem(request, reply, 'cancelled');
    const slots = (await service.findSlots(db, request.tenant.id, link.offer, link.location, date, date)).filter(
      (s) => s.free > 0,
    );
    return sendPage(
      reply,
      MoveTimesPage({
        view: citizenView(request, reply),
        a: await details(request, link),
        token,
        date,
        slots,
        error,
        bookingId: link.booking.id,
      }),
      status,
    );
  }

  app.get<{ Params: { id: string; date: string } }>('/termine/buchung/:id/verschieben/:date', async (request, reply) => {
    if (!isDate(request.params.date)) throw notFound();
    return moveTimes(request, reply, one(request.query, 'token'), request.params.date);
  });

  app.post<{ Params: { id: string } }>('/termine/buchung/:id/verschieben', async (request, reply) => {
    const token = one(request.body, 'token');
    const start = one(request.body, 'start');
    const result = await service.moveAppointment(platform, request.tenant, request.params.id, start, { token });
    if (result.ok) {
      return redirectAfterPost(
        reply,
        `${base(request)}/buchung/${result.booking.id}?token=${encodeURIComponent(token)}&neu=verschoben`,
      );
    }
    if (result.reason === 'invalid' || result.reason === 'cancelled' || result.reason === 'past')
      return linkProblem(request, reply, result.reason);
    const parsed = service.parseStart(start);
    const date = parsed ? berlinDate(parsed) : berlinDate(new Date());
    const message =
      result.reason === 'bad_start'
        ? result.message
        : 'Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie eine andere Uhrzeit.';
    return moveTimes(request, reply, token, date, message, result.reason === 'bad_start' ? 422 : 409);
  });
};
