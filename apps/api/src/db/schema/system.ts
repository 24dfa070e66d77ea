/** Installation-wide settings (not tenant data), e.g. the generated auth secret. */
import { pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from '../columns.js';

export const system_settings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  ...timestamps(),
});
