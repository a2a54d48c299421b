/**
 * Bescheid texts: the procedure's template (Markdown with placeholders) filled with
 * the submitted data and the decision. A template given only by name, or none at all,
 * uses DEFAULT_BESCHEID.
 */
import type { DecisionTemplate, ProcedureDefinition } from '../forms/index.js';
import { answerLines } from '../forms/index.js';
import { OUTCOME_LABELS, type Outcome } from './states.js';

export const DEFAULT_BESCHEID_TITLE = 'Bescheid';

export const DEFAULT_BESCHEID = `Sehr geehrte Damen und Herren,

über Ihren Antrag „{{procedure}}“ vom {{receivedAt}} (Aktenzeichen {{reference}}) ergeht folgender Bescheid:

## Tenor

{{tenor}}

## Begründung

{{reasons}}

## Gebühren

{{fee}}

## Rechtsbehelfsbelehrung

Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich oder zur Niederschrift bei {{tenant.name}}, {{tenant.address}}, einzulegen.

Mit freundlichen Grüßen

{{clerk.name}}
{{tenant.name}}`;

export interface TemplateChoice {
  name: string;
  title: string;
  markdown: string;
}

/** The templates offered for a procedure (a name-only entry uses the default text). */
export function templatesOf(definition: ProcedureDefinition | undefined): (TemplateChoice & { outcome?: Outcome })[] {
  const list = (definition?.workflow.decisionTemplates ?? []).map((entry: string | DecisionTemplate) =>
    typeof entry === 'string'
      ? { name: entry, title: DEFAULT_BESCHEID_TITLE, markdown: DEFAULT_BESCHEID }
      : { name: entry.name, title: entry.title || DEFAULT_BESCHEID_TITLE, markdown: entry.markdown, outcome: entry.outcome },
  );
  return list.length > 0 ? list : [{ name: 'Standard', title: DEFAULT_BESCHEID_TITLE, markdown: DEFAULT_BESCHEID }];
}

/** The named template, else the first for this outcome, else the first. */
export function chooseTemplate(definition: ProcedureDefinition | undefined, outcome: Outcome, name?: string): TemplateChoice {
  const all = templatesOf(definition);
  return (
    all.find((t) => name && t.name === name) ?? all.find((t) => t.outcome === outcome) ?? all.find((t) => !t.outcome) ?? all[0]
  );
}

/** "25,00 €" from "25", "25,5" or "25.50"; undefined for anything else. */
export function parseFee(input: string): number | undefined {
  const value = input.trim().replace(/\s*€$/, '');
  if (value === '') return 0;
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

export const formatCents = (cents: number) =>
  `${(cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

export interface BescheidValues {
  reference: string;
  date: string;
  receivedAt: string;
  procedure: string;
  outcome: Outcome;
  tenor: string;
  reasons: string;
  feeCents: number;
  applicantName: string;
  clerkName: string;
  tenant: { name: string; address: string };
  definition?: ProcedureDefinition;
  data: Record<string, unknown>;
}

/** One line of data, never a Markdown structure: a value cannot start a heading or a list. */
const inline = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

function dataValue(values: BescheidValues, key: string): string {
  if (values.definition) {
    const line = answerLines(values.definition, values.data).find((l) => l.key === key);
    if (line) return inline(line.text);
  }
  const raw = values.data[key];
  if (raw === undefined || raw === null) return '';
  return inline(typeof raw === 'object' ? Object.values(raw as object).join(' ') : String(raw));
}

/** Replaces {{placeholders}}; unknown ones become empty, so a template typo shows as a gap, not as braces. */
export function fillTemplate(markdown: string, values: BescheidValues): string {
  const fixed: Record<string, string> = {
    reference: values.reference,
    date: values.date,
    receivedAt: values.receivedAt,
    procedure: inline(values.procedure),
    outcome: OUTCOME_LABELS[values.outcome],
    tenor: values.tenor.trim(),
    reasons: values.reasons.trim() || 'Eine weitere Begründung ist nicht erforderlich, weil dem Antrag entsprochen wird.',
    fee:
      values.feeCents > 0
        ? `Für diesen Bescheid wird eine Gebühr von ${formatCents(values.feeCents)} erhoben.`
        : 'Für diesen Bescheid werden keine Gebühren erhoben.',
    'fee.amount': formatCents(values.feeCents),
    'applicant.name': inline(values.applicantName),
    'clerk.name': inline(values.clerkName),
    'tenant.name': inline(values.tenant.name),
    'tenant.address': inline(values.tenant.address),
  };
  return markdown.replace(/\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g, (_, key: string) => {
    if (key.startsWith('data.')) return dataValue(values, key.slice(5));
    return fixed[key] ?? '';
  });
}
