import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderDocument } from '../views/render.js';

/** Sends a rendered page as HTML. */
export const sendPage = (reply: FastifyReply, page: VNode, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').send(renderDocument(page));

/** POST-redirect-GET: 303 so the browser follows with GET. */
export const redirectAfterPost = (reply: FastifyReply, location: string) => reply.redirect(location, 303);
