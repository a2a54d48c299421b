/** Job names of the channel (a file of their own: service and jobs both need them). */
export const FANOUT_JOB = 'channel.fanout';
export const DELIVER_JOB = 'channel.deliver';
