import { createContext, type VNode } from 'preact';

/**
 * What the composition root adds to every public page without each page passing it
 * along: for now the banner of active warnings (filled by app.ts from the channel
 * module, since the platform may not import modules).
 */
export interface FrameExtras {
  banner?: VNode | null;
  /** Names the content of these extras: pages cached as HTML include it in their key. */
  key?: string;
}

export const FrameContext = createContext<FrameExtras>({});
