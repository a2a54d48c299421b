/**
 * The rules of one input as data attributes for the inline check (assets/form-check.js):
 * each rule with its German message, worded as check-data.ts words the server's. The
 * script only shows messages early; the server still checks everything on submit.
 */
import type { ComponentChildren } from 'preact';
import type { AnswerField, SubField } from '../definition.js';

const quoted = (label: string) => `„${label}“`;
const decimal = (n: number) => String(n).replace('.', ',');

export function inlineRules(field: AnswerField | SubField, label: string, required: boolean): Record<string, string> {
  const rules: Record<string, string> = {};
  if (required) {
    rules['data-required-message'] = ['select', 'radio'].includes(field.type)
      ? `Bitte wählen Sie bei ${quoted(label)} eine Antwort aus.`
      : `Bitte füllen Sie ${quoted(label)} aus.`;
  }
  if (field.type === 'text' || field.type === 'textarea') {
    if (field.minLength !== undefined && field.minLength > 1) {
      rules['data-minlength'] = String(field.minLength);
      rules['data-minlength-message'] = `${quoted(label)} muss mindestens ${field.minLength} Zeichen lang sein.`;
    }
    if (field.maxLength !== undefined) {
      rules['data-maxlength'] = String(field.maxLength);
      rules['data-maxlength-message'] = `${quoted(label)} darf höchstens ${field.maxLength} Zeichen lang sein.`;
    }
    if (field.pattern) {
      rules['data-pattern'] = field.pattern;
      rules['data-pattern-message'] = field.patternMessage ?? `${quoted(label)} hat nicht das erwartete Format.`;
    }
  }
  if (field.type === 'number') {
    rules['data-number'] = field.integer ? 'integer' : 'decimal';
    rules['data-number-message'] = `${quoted(label)} muss eine ${field.integer ? 'ganze ' : ''}Zahl sein.`;
    if (field.min !== undefined) {
      rules['data-min'] = String(field.min);
      rules['data-min-message'] = `${quoted(label)} muss mindestens ${decimal(field.min)} sein.`;
    }
    if (field.max !== undefined) {
      rules['data-max'] = String(field.max);
      rules['data-max-message'] = `${quoted(label)} darf höchstens ${decimal(field.max)} sein.`;
    }
  }
  if (field.type === 'email') {
    rules['data-email-message'] = `Bitte geben Sie bei ${quoted(label)} eine E-Mail-Adresse an, zum Beispiel name@beispiel.de.`;
  }
  return rules;
}

/** Wraps one input with its rules; without rules, the input alone. */
export function Checked({ rules, children }: { rules: Record<string, string>; children: ComponentChildren }) {
  if (Object.keys(rules).length === 0) return <>{children}</>;
  return (
    <div data-check="" {...rules}>
      {children}
    </div>
  );
}
