import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a page component to a complete HTML document (escaped by default). */
export const renderDocument = (page: VNode<any>): string => `<!DOCTYPE html>${renderToString(page)}`;
