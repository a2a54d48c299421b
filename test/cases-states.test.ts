import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillTemplate, parseFee, templatesOf } from '../src/modules/cases/bescheid.js';
import {
  type Actor,
  allowedTransitions,
  assertDecidable,
  assertTransition,
  CASE_STATES,
  type CaseState,
  isOverdue,
  TransitionError,
} from '../src/modules/cases/states.js';

const LEGAL: Record<Actor, [CaseState, CaseState][]> = {
  staff: [
    ['eingegangen', 'in_bearbeitung'],
    ['in_bearbeitung', 'rueckfrage'],
    ['in_bearbeitung', 'entschieden'],
    ['rueckfrage', 'in_bearbeitung'],
    ['entschieden', 'abgeschlossen'],
  ],
  applicant: [
    ['eingegangen', 'zurueckgezogen'],
    ['in_bearbeitung', 'zurueckgezogen'],
    ['rueckfrage', 'zurueckgezogen'],
    ['rueckfrage', 'in_bearbeitung'],
  ],
};

describe('case state machine', () => {
  for (const actor of ['staff', 'applicant'] as const) {
    test(`every pair of states for ${actor}: legal ones pass, the rest answer 409 naming the allowed ones`, () => {
      const legal = new Set(LEGAL[actor].map(([a, b]) => `${a}>${b}`));
      for (const from of CASE_STATES) {
        for (const to of CASE_STATES) {
          if (legal.has(`${from}>${to}`)) {
            assert.equal(assertTransition(from, to, actor), to);
            continue;
          }
          assert.throws(
            () => assertTransition(from, to, actor),
            (error: unknown) => {
              assert.ok(error instanceof TransitionError, `${from} → ${to}`);
              assert.equal(error.statusCode, 409);
              assert.deepEqual(error.allowed, allowedTransitions(from, actor));
              for (const allowed of error.allowed) assert.ok(error.message.includes(`(${allowed})`), error.message);
              return true;
            },
          );
        }
      }
    });
  }

  test('an unknown target state is refused like an illegal one', () => {
    assert.throws(() => assertTransition('eingegangen', 'erledigt', 'staff'), TransitionError);
  });

  test('a withdrawn, decided or closed case cannot be withdrawn', () => {
    for (const state of ['entschieden', 'abgeschlossen', 'zurueckgezogen'] as const) {
      assert.throws(() => assertTransition(state, 'zurueckgezogen', 'applicant'), TransitionError);
    }
  });

  test('only a case in processing can be decided', () => {
    assert.doesNotThrow(() => assertDecidable('in_bearbeitung'));
    for (const state of CASE_STATES.filter((s) => s !== 'in_bearbeitung')) {
      assert.throws(
        () => assertDecidable(state),
        (e: unknown) => e instanceof TransitionError && e.statusCode === 409,
      );
    }
  });

  test('overdue: open and past the deadline', () => {
    assert.equal(isOverdue('in_bearbeitung', '2026-01-01', '2026-01-02'), true);
    assert.equal(isOverdue('in_bearbeitung', '2026-01-02', '2026-01-02'), false);
    assert.equal(isOverdue('entschieden', '2026-01-01', '2026-01-02'), false);
    assert.equal(isOverdue('rueckfrage', null, '2026-01-02'), false);
  });
});

describe('Bescheid templates', () => {
  const values = {
    reference: 'MK-2026-000001',
    date: '01.02.2026',
    receivedAt: '01.01.2026',
    procedure: 'Hundesteuer',
    outcome: 'teilweise_bewilligt' as const,
    tenor: 'Dem Antrag wird teilweise stattgegeben.',
    reasons: 'Weil.',
    feeCents: 2550,
    applicantName: 'Erika Mustermann',
    clerkName: 'Sabine',
    tenant: { name: 'Landkreis Musterkreis', address: 'Landratsplatz 1, 84999 Musterstadt' },
    data: { hund: 'Bello\n# kein Titel' },
  };

  test('placeholders are filled; data values stay on one line; unknown ones become empty', () => {
    const text = fillTemplate('{{reference}} {{applicant.name}} {{outcome}} {{fee}} {{data.hund}} {{unbekannt}}|', values);
    assert.equal(
      text,
      'MK-2026-000001 Erika Mustermann teilweise bewilligt Für diesen Bescheid wird eine Gebühr von 25,50 € erhoben. Bello # kein Titel |',
    );
  });

  test('the old string form and a missing list use the default text with all four sections', () => {
    for (const list of [['Standard'], []]) {
      const [template] = templatesOf({ workflow: { decisionTemplates: list } } as never);
      for (const section of ['## Tenor', '## Begründung', '## Gebühren', '## Rechtsbehelfsbelehrung'])
        assert.ok(template.markdown.includes(section));
    }
  });

  test('fees in euro', () => {
    assert.equal(parseFee(''), 0);
    assert.equal(parseFee('25'), 2500);
    assert.equal(parseFee('25,5'), 2550);
    assert.equal(parseFee('25.05 €'), 2505);
    assert.equal(parseFee('zehn'), undefined);
  });
});
