import type { FastifyReply } from 'fastify';
import { h, type VNode } from 'preact';
import { FrameContext } from '../views/frame-context.js';
import { renderDocument } from '../views/render.js';

/** Sends a rendered page as HTML, with the request's frame extras (e.g. the warning banner). */
export const sendPage = (reply: FastifyReply, page: VNode, status = 200) =>
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(renderDocument(h(FrameContext.Provider, { value: reply.request.frameExtras ?? {} }, page)));

/** POST-redirect-GET: 303 so the browser follows with GET. */
export const redirectAfterPost = (reply: FastifyReply, location: string) => reply.redirect(location, 303);
