// Database URLs in messages: whatever a driver or the user's config says, a password or token
// never reaches the terminal, a log or an error (with or without --debug).

/**
 * Strips the password of every URL in a text, and `authToken`/`password` query parameters, so
 * no message can leak one.
 *
 * @example redactUrls('postgres://app:s3cret@db/app') // 'postgres://app:***@db/app'
 */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)@/gi, '$1***@').replace(/([?&](?:authToken|password)=)[^&\s]*/gi, '$1***');
}
