/** One ClientTether account the emulator accepts: both request headers. */
export interface EmulatorAccount {
  accessToken: string;
  webKey: string;
}

/** The six ClientTether calls the emulator answers. */
export type EmulatorCall =
  | 'read_client_exist'
  | 'read_client_by_id'
  | 'create_client'
  | 'update_client_by_id'
  | 'delete_client_by_id'
  | 'delete_client_by_external_id';

/** A client record as the emulator keeps it. */
export interface EmulatorClient {
  client_id: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  external_id?: string;
  whiteboard?: string;
  /** Emulator-only: makes deletes fail with CT512; never sent back. */
  has_appointments?: boolean;
  [custom: string]: unknown;
}

/** The ways the emulator can misbehave on purpose. */
export type FaultKind =
  | 'latency'
  | 'http_500'
  | 'html'
  | 'invalid_json'
  | 'empty_body'
  | 'reset'
  | 'hang'
  | 'ct500'
  | 'credentials_rejected';

/** A fault to inject into the next matching requests. */
export interface FaultSpec {
  kind: FaultKind;
  /** Added delay in ms; `latency` only. */
  ms?: number;
  /** Calls the fault applies to; all calls when absent. */
  calls?: EmulatorCall[];
  /** How many matching requests it affects; unlimited when absent. */
  times?: number;
}

/** How a request carried its parameters. */
export type ParamEncoding = 'query' | 'json' | 'form' | 'none';

/** One request that reached one of the six calls. */
export interface RecordedCall {
  call: EmulatorCall;
  method: string;
  /** The URL path, without the query string. */
  path: string;
  /** The X-Web-Key header as received ('' when missing). */
  webKey: string;
  /** Parameters from the query string and the body, as strings. */
  params: Record<string, string>;
  encoding: ParamEncoding;
  /** Arrival time, ms since the epoch. */
  at: number;
}

/** Which result-code key and code spelling the answers use. */
export type Spelling = 'mixed' | 'pascal' | 'camel';

/** How `read_client_exist` says that nothing matched. */
export type NotFoundStyle = 'ct515' | 'empty' | 'rotate';

/** Settings of one emulator instance. */
export interface EmulatorOptions {
  /** Port to listen on. @default 0 (a free port) */
  port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
  /** Accepted credentials; each web key is its own account. @default DEFAULT_ACCOUNTS */
  accounts?: EmulatorAccount[];
  /** Answer CT520 to creates that repeat a phone or e-mail. @default false */
  duplicateCheck?: boolean;
  /** Result-code spelling. @default 'mixed' */
  spelling?: Spelling;
  /** How `read_client_exist` reports no match. @default 'rotate' */
  notFoundStyle?: NotFoundStyle;
  /** Delay in ms added to every call. @default 0 */
  latencyMs?: number;
  /** Receives one line per call (call, status, code); never parameters. */
  log?: (line: string) => void;
}

/** A started emulator and the handles to steer and inspect it. */
export interface RunningEmulator {
  /** Base URL including `/v2/api`, e.g. `http://127.0.0.1:PORT/v2/api`. */
  baseUrl: string;
  port: number;
  seed(
    webKey: string,
    client: Omit<EmulatorClient, 'client_id'> & { client_id?: string },
  ): EmulatorClient;
  /** Copies of the clients of one account. */
  clients(webKey: string): EmulatorClient[];
  /** Every call that arrived, in order. */
  calls(): RecordedCall[];
  clearCalls(): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setDuplicateCheck(on: boolean): void;
  /** Forgets clients, calls and faults; settings return to the options. */
  reset(): void;
  /** Stops listening and destroys open and hanging connections. */
  close(): Promise<void>;
}
