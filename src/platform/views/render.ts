import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { FrameContext, type FrameExtras } from './frame-context.js';

/** Renders a page component to a complete HTML document (escaped by default). */
export const renderDocument = (page: VNode<any>): string => `<!DOCTYPE html>${renderToString(page)}`;

/** The document as sendPage sends it: with the request's frame extras (e.g. the warning banner). */
export const renderFramedDocument = (extras: FrameExtras | null, page: VNode<any>): string =>
  renderDocument(h(FrameContext.Provider, { value: extras ?? {} }, page));
