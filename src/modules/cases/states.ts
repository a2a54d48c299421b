/**
 * The life of a case, as a pure state machine:
 * eingegangen → in_bearbeitung → rueckfrage ⇄ in_bearbeitung → entschieden → abgeschlossen,
 * and zurueckgezogen by the applicant before a decision.
 */

import { berlinIsoDate } from '../../platform/calendar/berlin-time.js';
import { HttpError } from '../../platform/http/errors.js';

export const CASE_STATES = [
  'eingegangen',
  'in_bearbeitung',
  'rueckfrage',
  'entschieden',
  'abgeschlossen',
  'zurueckgezogen',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const OUTCOMES = ['bewilligt', 'teilweise_bewilligt', 'abgelehnt'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Who moves the case: the administration or the applicant. */
export type Actor = 'staff' | 'applicant';

export const STATE_LABELS: Record<CaseState, string> = {
  eingegangen: 'Eingegangen',
  in_bearbeitung: 'In Bearbeitung',
  rueckfrage: 'Rückfrage',
  entschieden: 'Entschieden',
  abgeschlossen: 'Abgeschlossen',
  zurueckgezogen: 'Zurückgezogen',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  bewilligt: 'bewilligt',
  teilweise_bewilligt: 'teilweise bewilligt',
  abgelehnt: 'abgelehnt',
};

const STAFF: Record<CaseState, CaseState[]> = {
  eingegangen: ['in_bearbeitung'],
  in_bearbeitung: ['rueckfrage', 'entschieden'],
  rueckfrage: ['in_bearbeitung'],
  entschieden: ['abgeschlossen'],
  abgeschlossen: [],
  zurueckgezogen: [],
};

const APPLICANT: Record<CaseState, CaseState[]> = {
  eingegangen: ['zurueckgezogen'],
  in_bearbeitung: ['zurueckgezogen'],
  // Answering the Rückfrage hands the case back to the clerk.
  rueckfrage: ['in_bearbeitung', 'zurueckgezogen'],
  entschieden: [],
  abgeschlossen: [],
  zurueckgezogen: [],
};

export const isCaseState = (value: unknown): value is CaseState => CASE_STATES.includes(value as CaseState);
export const isOutcome = (value: unknown): value is Outcome => OUTCOMES.includes(value as Outcome);

/** The states the actor may move a case to from `from`. */
export const allowedTransitions = (from: CaseState, actor: Actor): CaseState[] => [
  ...(actor === 'staff' ? STAFF : APPLICANT)[from],
];

/** A case that is still open: not decided, closed or withdrawn. */
export const isOpen = (state: CaseState) => state === 'eingegangen' || state === 'in_bearbeitung' || state === 'rueckfrage';

/** 409 that names the transitions that are allowed; the API adds them as `error.allowed`. */
export class TransitionError extends HttpError {
  constructor(
    readonly from: CaseState,
    readonly to: string,
    readonly allowed: CaseState[],
    message?: string,
  ) {
    super(409, 'illegal_transition', message ?? transitionMessage(from, to, allowed));
  }
}

function transitionMessage(from: CaseState, to: string, allowed: CaseState[]): string {
  const target = isCaseState(to) ? `„${STATE_LABELS[to]}“` : `„${to}“`;
  const list =
    allowed.length > 0
      ? `Erlaubt ist: ${allowed.map((s) => `„${STATE_LABELS[s]}“ (${s})`).join(', ')}.`
      : 'Aus diesem Status ist kein Wechsel mehr möglich.';
  return `Ein Vorgang im Status „${STATE_LABELS[from]}“ kann nicht in den Status ${target} wechseln. ${list}`;
}

/** Throws TransitionError unless the actor may move the case from `from` to `to`. */
export function assertTransition(from: CaseState, to: string, actor: Actor): CaseState {
  const allowed = allowedTransitions(from, actor);
  if (!isCaseState(to) || !allowed.includes(to)) throw new TransitionError(from, to, allowed);
  return to;
}

/** Deciding needs a case in processing (a Rückfrage must be answered or taken back first). */
export function assertDecidable(state: CaseState) {
  if (state !== 'in_bearbeitung') {
    throw new TransitionError(
      state,
      'entschieden',
      allowedTransitions(state, 'staff'),
      `Entschieden werden kann nur ein Vorgang in Bearbeitung; dieser ist im Status „${STATE_LABELS[state]}“.`,
    );
  }
}

/** Overdue: open and past its deadline (YYYY-MM-DD, compared in Berlin time). */
export function isOverdue(state: CaseState, deadline: string | null, today = berlinToday()): boolean {
  return deadline !== null && isOpen(state) && deadline < today;
}

export const berlinToday = (now = new Date()) => berlinIsoDate(now);

/** YYYY-MM-DD plus days (calendar arithmetic, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addYears(isoDate: string, years: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}
