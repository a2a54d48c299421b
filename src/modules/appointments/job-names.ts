/** The periodic reminder run (every 15 minutes; the reminders the day before). */
export const REMINDER_JOB = 'appointments.reminder';
