import type { OutgoingMailStatus } from '../../../platform/db/schema.js';
import { STATUS_LABELS } from '../format.js';

export { formatDateTime } from '../format.js';

export function MailStatus({ status }: { status: OutgoingMailStatus }) {
  const { text, kind } = STATUS_LABELS[status];
  return (
    <span class={`kern-badge kern-badge--${kind}`}>
      <span class="kern-label kern-label--small">{text}</span>
    </span>
  );
}
