import { z } from 'zod';
import { zhCN } from 'zod/v4/locales';

/** Validation messages in Chinese wherever a schema does not give its own. Import once per app. */
z.config(zhCN());
