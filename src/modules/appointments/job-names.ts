/** The reminder the day before an appointment (scheduled with startAfter when booked or moved). */
export const REMINDER_JOB = 'appointments.reminder';
