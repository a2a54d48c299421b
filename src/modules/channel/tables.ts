import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, WithDefault } from '../../platform/db/schema.js';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText<T extends string = string> = ColumnType<T | null, T | null | undefined, T | null>;

export type MsgType = 'Alert' | 'Update' | 'Cancel';
export type AlertCategory = 'Unwetter' | 'Brand' | 'Hochwasser' | 'Straßensperrung' | 'Gefahrstoff' | 'Sonstiges';
export type Severity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type Urgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
export type Certainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Circle {
  lat: number;
  lon: number;
  radiusKm: number;
}
/** [lat, lon] pairs; the last equals the first. */
export type Polygon = [number, number][];

export interface ChannelTopicsTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  title: string;
  description: WithDefault<string>;
  position: WithDefault<number>;
}

export interface ChannelSubscribersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  user_id: NullableText;
  confirmed_at: NullableTimestamp;
  confirm_token_hash: NullableText;
  confirm_expires_at: NullableTimestamp;
  pending_topic_ids: ColumnType<string[], string[] | undefined, string[]>;
  link_version: WithDefault<number>;
  created_at: CreatedAt;
}

export interface ChannelSubscriptionsTable {
  subscriber_id: string;
  topic_id: string;
  created_at: CreatedAt;
}

export interface ChannelMessagesTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  body_md: WithDefault<string>;
  author_id: NullableText;
  published_at: ColumnType<Date, Date | string | undefined, Date | string>;
  msg_type: WithDefault<MsgType>;
  references_id: NullableText;
  category: NullableText<AlertCategory>;
  severity: NullableText<Severity>;
  urgency: NullableText<Urgency>;
  certainty: NullableText<Certainty>;
  instruction: WithDefault<string>;
  area_desc: WithDefault<string>;
  area_polygon: ColumnType<Polygon | null, string | null | undefined, string | null>;
  area_circle: ColumnType<Circle | null, string | null | undefined, string | null>;
  valid_from: NullableTimestamp;
  valid_until: NullableTimestamp;
  /** Set when the fan-out has written every delivery (0024: it writes them in steps). */
  fanned_out_at: NullableTimestamp;
  recipients: WithDefault<number>;
  /** Where the next fan-out step goes on: the last subscriber written, the batches queued. */
  fanout_cursor: NullableText;
  fanout_batches: WithDefault<number>;
}

export interface ChannelMessageTopicsTable {
  message_id: string;
  topic_id: string;
}

export interface ChannelDeliveriesTable {
  message_id: string;
  subscriber_id: string;
  tenant_id: string;
  batch: number;
  status: WithDefault<DeliveryStatus>;
  attempts: WithDefault<number>;
  last_error: NullableText;
  sent_at: NullableTimestamp;
}

/** A type alias (not an interface) so it satisfies withTables' Record constraint. */
export type ChannelTables = {
  channel_topics: ChannelTopicsTable;
  channel_subscribers: ChannelSubscribersTable;
  channel_subscriptions: ChannelSubscriptionsTable;
  channel_messages: ChannelMessagesTable;
  channel_message_topics: ChannelMessageTopicsTable;
  channel_deliveries: ChannelDeliveriesTable;
};
