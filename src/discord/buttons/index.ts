import type { ButtonHandler } from '../handler.js';
import { answerButtonHandler } from './answer-buttons.js';
import { importButtonHandler } from './import-buttons.js';

/** Button handlers, by the prefix of their custom ids. */
export const buttonHandlers: ReadonlyMap<string, ButtonHandler> = new Map(
  [answerButtonHandler, importButtonHandler].map((handler) => [handler.prefix, handler]),
);
