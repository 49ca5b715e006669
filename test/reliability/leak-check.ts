import { normaliseEmail, normalisePhone } from '../../lambda/shared/normalise';
import { SECRET_VALUE } from '../helpers/handler-environment';

/** Every credential value the test environment hands out. */
export const CREDENTIAL_VALUES: readonly string[] = [
  SECRET_VALUE.accessToken,
  SECRET_VALUE.webKey,
  ...Object.values(SECRET_VALUE.locationWebKeys),
];

/** ClientTether envelope keys: an answer passing one on leaks upstream. */
const ENVELOPE_KEYS = new Set(['ResultCode', 'resultCode', 'Message']);

/** One frame of a V8 stack trace, such as `    at run (/x/y.ts:1:2)`. */
const STACK_FRAME = /^\s+at .*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** What an answer is checked for beyond secrets and stack traces. */
export interface AnswerCheckOptions {
  /** Text of upstream bodies the answer must not pass on. */
  upstreamMarkers?: readonly string[];
}

/**
 * Remembers the secrets and the caller's personal data a test sent, and
 * tells where they show up although they must not: full phone numbers and
 * e-mail addresses in logs, credentials in logs and answers. Problems are
 * described with masked values, so a failing test prints no secret.
 */
export class LeakWatch {
  private readonly secrets = new Set<string>(CREDENTIAL_VALUES);

  private readonly phones = new Set<string>();

  private readonly emails = new Set<string>();

  /** Adds a credential value that must appear nowhere. */
  public watchSecret(value: string): void {
    if (value.length >= 6) {
      this.secrets.add(value);
    }
  }

  /**
   * Adds a phone number as sent and as normalised, when it is one at all;
   * text that is no phone number is nobody's personal data.
   */
  public watchPhone(sent: unknown): void {
    if (typeof sent !== 'string') {
      return;
    }

    const normalised = normalisePhone(sent.trim());
    if (normalised.ok) {
      this.phones.add(normalised.value);
      this.phones.add(sent.trim());
    }
  }

  /** Adds an e-mail address as sent and as normalised, when it is one. */
  public watchEmail(sent: unknown): void {
    if (typeof sent !== 'string') {
      return;
    }

    const normalised = normaliseEmail(sent);
    if (normalised.ok) {
      this.emails.add(normalised.value);
      this.emails.add(sent.trim().toLowerCase());
    }
  }

  /** Adds the caller's phone and e-mail of a request's fields. */
  public watchInput(fields: unknown): void {
    if (typeof fields !== 'object' || fields === null) {
      return;
    }

    const record = fields as Record<string, unknown>;
    this.watchPhone(record.customer_phone);
    this.watchEmail(record.customer_email);
  }

  /** Forgets the personal data (credentials stay watched). */
  public forgetInputs(): void {
    this.phones.clear();
    this.emails.clear();
  }

  /** What in captured log text must not be there. */
  public logProblems(text: string): string[] {
    const lower = text.toLowerCase();
    const problems = this.secretProblems(text, 'logs');

    for (const phone of this.phones) {
      if (text.includes(phone)) {
        problems.push(`phone ending ${phone.slice(-4)} in logs`);
      }
    }
    for (const email of this.emails) {
      if (lower.includes(email)) {
        problems.push(`e-mail ${email.slice(0, 1)}***@*** in logs`);
      }
    }

    return problems;
  }

  /**
   * What in an answer body must not be there: a credential, a stack
   * trace, a ClientTether envelope key, or an upstream body.
   */
  public answerProblems(
    body: string,
    options: AnswerCheckOptions = {},
  ): string[] {
    const problems = this.secretProblems(body, 'answer');

    for (const marker of options.upstreamMarkers ?? []) {
      if (body.includes(marker)) {
        problems.push(`upstream text "${marker}" in answer`);
      }
    }
    if (body.includes(process.cwd())) {
      problems.push('a source path in answer');
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [...problems, 'answer is not JSON'];
    }

    walk(parsed, (key, value) => {
      if (key !== undefined && ENVELOPE_KEYS.has(key)) {
        problems.push(`envelope key ${key} in answer`);
      }
      if (typeof value === 'string' && STACK_FRAME.test(value)) {
        problems.push(`stack trace in answer (at key ${key ?? 'root'})`);
      }
    });

    return problems;
  }

  private secretProblems(text: string, where: string): string[] {
    const problems: string[] = [];
    for (const secret of this.secrets) {
      if (text.includes(secret)) {
        problems.push(`credential ${secret.slice(0, 3)}*** in ${where}`);
      }
    }

    return problems;
  }
}

/** Visits every key and value of a parsed JSON value. */
function walk(
  value: unknown,
  visit: (key: string | undefined, value: unknown) => void,
  key?: string,
): void {
  visit(key, value);
  if (Array.isArray(value)) {
    for (const item of value) {
      walk(item, visit, key);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      walk(item, visit, name);
    }
  }
}

/** Fails the test when captured logs hold a secret or personal data. */
export function expectCleanLogs(watch: LeakWatch, logText: string): void {
  expect(watch.logProblems(logText)).toEqual([]);
}

/** Fails the test when an answer body leaks anything. */
export function expectCleanAnswer(
  watch: LeakWatch,
  body: string,
  options: AnswerCheckOptions = {},
): void {
  expect(watch.answerProblems(body, options)).toEqual([]);
}
