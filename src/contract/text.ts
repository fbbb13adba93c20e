import { z } from 'zod';
import { isStorableText } from '../text/well-formed.js';

/**
 * Text as it may enter: checked once, here, at the edge. A NUL or a lone surrogate is refused with
 * `invalid_text` (PostgreSQL cannot store either), so nothing inside ever meets one.
 */
export const INVALID_TEXT = 'invalid_text';

export const StorableText = z.string().refine(isStorableText, { message: INVALID_TEXT });
