import type { Spelling } from './types';

/** The result codes the emulator answers with. */
export type ResultCode =
  | 'CT200'
  | 'CT400'
  | 'CT404'
  | 'CT500'
  | 'CT501'
  | 'CT512'
  | 'CT515'
  | 'CT520'
  | 'CT525';

const MESSAGES: Record<ResultCode, string> = {
  CT200: 'Success',
  CT400: 'Bad request',
  CT404: 'Request not found',
  CT500: 'Unknown error',
  CT501: 'Missing required key/value',
  CT512: 'Cannot delete: the record is still in use',
  CT515: 'No record found',
  CT520: 'Duplicate entry',
  CT525: 'Insert failed',
};

/** What a call answers, before it is spelled out as an envelope. */
export interface CallOutcome {
  code: ResultCode;
  /** Omitted from the envelope when undefined. */
  data?: unknown[];
  /** Defaults to the length of `data`. */
  totalRecord?: number;
}

interface SpellingChoice {
  key: 'ResultCode' | 'resultCode';
  underscore: boolean;
}

// In this order, two answers show both pure spellings, four show every mix.
const MIXED_ORDER: readonly SpellingChoice[] = [
  { key: 'ResultCode', underscore: true },
  { key: 'resultCode', underscore: false },
  { key: 'ResultCode', underscore: false },
  { key: 'resultCode', underscore: true },
];

/** Spells envelopes the way one emulator's `spelling` option says. */
export class EnvelopeWriter {
  private count = 0;

  public constructor(private readonly spelling: Spelling) {}

  /** The JSON envelope for one outcome; advances the mixed rotation. */
  public write(outcome: CallOutcome): Record<string, unknown> {
    const choice = this.nextChoice();
    const code = choice.underscore
      ? outcome.code.replace('CT', 'CT_')
      : outcome.code;

    const envelope: Record<string, unknown> = {
      [choice.key]: code,
      Message: MESSAGES[outcome.code],
      TotalRecord: outcome.totalRecord ?? outcome.data?.length ?? 0,
    };

    if (outcome.data !== undefined) {
      envelope.data = outcome.data;
    }

    return envelope;
  }

  /** Starts the mixed rotation again. */
  public reset(): void {
    this.count = 0;
  }

  private nextChoice(): SpellingChoice {
    if (this.spelling === 'pascal') {
      return { key: 'ResultCode', underscore: true };
    }

    if (this.spelling === 'camel') {
      return { key: 'resultCode', underscore: false };
    }

    const choice = MIXED_ORDER[this.count % MIXED_ORDER.length];
    this.count += 1;

    return choice ?? { key: 'ResultCode', underscore: true };
  }
}
