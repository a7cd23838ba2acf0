/** What redact hides: registered secret values, credential query parameters, URL userinfo, auth headers. */
import { expect, it } from 'vitest';
import { REDACTED, redact, redactSecrets, rememberSecrets } from '../../../src/domain/redact.js';
import { ImagegenError } from '../../../src/domain/errors.js';

rememberSecrets('AIzaSyTHIS-IS-A-TEST-KEY-000', 'short', undefined);

it('hides registered secrets wherever they appear, but not short values', () => {
  expect(redact('bad key AIzaSyTHIS-IS-A-TEST-KEY-000 (AIzaSyTHIS-IS-A-TEST-KEY-000)')).toBe(`bad key ${REDACTED} (${REDACTED})`);
  expect(redact('a short story')).toBe('a short story');
  expect(redactSecrets('{"k": "AIzaSyTHIS-IS-A-TEST-KEY-000", "url": "https://u:p@h"}')).toBe(`{"k": "${REDACTED}", "url": "https://u:p@h"}`);
});

it('hides key= and token= query parameters, keeping the rest of the URL', () => {
  expect(redact('GET https://g.example/v1beta/models/m:generateContent?alt=json&key=abc123XYZ&x=1 failed')).toBe(
    `GET https://g.example/v1beta/models/m:generateContent?alt=json&key=${REDACTED}&x=1 failed`,
  );
  expect(redact('https://h.example/?access_token=tok.en-1')).toBe(`https://h.example/?access_token=${REDACTED}`);
});

it('hides the userinfo of a URL', () => {
  expect(redact('Request cannot be constructed from a URL that includes credentials: http://someone:hunter2@127.0.0.1:9/v1beta')).toBe(
    `Request cannot be constructed from a URL that includes credentials: http://${REDACTED}@127.0.0.1:9/v1beta`,
  );
  expect(redact('see https://example.com/a@b and mail a@b.example')).toBe('see https://example.com/a@b and mail a@b.example');
});

it('hides credentials quoted from request headers', () => {
  expect(redact('headers: {"x-goog-api-key": "AIzaOTHER", "Authorization": "Bearer ya29.abc"}')).toBe(
    `headers: {"x-goog-api-key": "${REDACTED}", "Authorization": "Bearer ${REDACTED}"}`,
  );
});

it('every ImagegenError is redacted when it is made, message, hint and stack', () => {
  const err = new ImagegenError('API_UNAVAILABLE', 'failed for ?key=AIzaSyTHIS-IS-A-TEST-KEY-000', 'check http://u:pw@h');
  expect(err.message).toBe(`failed for ?key=${REDACTED}`);
  expect(err.hint).toBe(`check http://${REDACTED}@h`);
  expect(err.stack).not.toContain('AIzaSyTHIS');
  expect(JSON.stringify(err.toJSON())).not.toContain('AIzaSyTHIS');
});
