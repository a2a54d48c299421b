import type { FastifyPluginAsync } from 'fastify';
import { requireStaff } from '../../platform/auth/guards.js';
import { departmentName } from './repo.js';

const meSchema = {
  summary: 'Der Benutzer hinter dem API-Token',
  tags: ['Konto'],
  security: [{ bearer: [] }],
  response: {
    200: {
      type: 'object',
      properties: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', enum: ['admin', 'editor', 'clerk'] },
        department: { type: ['string', 'null'] },
      },
      required: ['email', 'name', 'role', 'department'],
    },
  },
} as const;

/** JSON routes of the accounts module below /api/v1/{tenant}. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  app.get('/me', { schema: meSchema }, async (request) => {
    const staff = requireStaff(request);
    return {
      email: staff.email,
      name: staff.name,
      role: staff.role,
      department: await departmentName(app.platform.db, request.tenant.id, staff.departmentId),
    };
  });
};
