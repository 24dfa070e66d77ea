import { z } from 'zod';

/** An email address, trimmed and lower-cased before it is validated (RFC 5321 length limit 254). */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'must be a valid email address' }).max(254));
/** Passwords: 8–128 characters (NIST SP 800-63B §5.1.1.2 minimum length; no composition rules). */
export const Password = z
  .string()
  .min(8, { error: 'must be at least 8 characters' })
  .max(128, { error: 'must be at most 128 characters' });
export const PersonName = z.string().trim().min(1, { error: 'is required' }).max(100);

/** `POST /api/v1/auth/sign-up` */
export const SignUpBody = z.strictObject({ name: PersonName, email: Email, password: Password });
export type SignUpBody = z.infer<typeof SignUpBody>;

/** `POST /api/v1/auth/sign-in` */
export const SignInBody = z.strictObject({
  email: Email,
  password: z.string().min(1, { error: 'is required' }).max(128),
});
export type SignInBody = z.infer<typeof SignInBody>;

/** `POST /api/v1/auth/change-password` */
export const ChangePasswordBody = z.strictObject({
  current_password: z.string().min(1, { error: 'is required' }).max(128),
  new_password: Password,
  revoke_other_sessions: z.boolean().default(true),
});
