import type { Deadline } from '../deadline';

/** The two headers every ClientTether request carries. */
export interface ClientTetherCredentials {
  accessToken: string;
  webKey: string;
}

/**
 * Hands out the credentials of one location. `refresh` bypasses any cache:
 * used once after ClientTether rejects the cached ones.
 */
export type CredentialsProvider = (options: {
  refresh: boolean;
}) => Promise<ClientTetherCredentials>;

/** How POST and DELETE parameters travel (see clienttether-api.md). */
export type PostEncoding = 'query' | 'json';

/** The six ClientTether calls. */
export type CallName =
  | 'read_client_exist'
  | 'read_client_by_id'
  | 'create_client'
  | 'update_client_by_id'
  | 'delete_client_by_id'
  | 'delete_client_by_external_id';

/** One hit of `read_client_exist`: ids only. */
export interface ClientMatch {
  clientId: string;
  externalId: string | null;
}

/** A client record's fields as ClientTether returned them. */
export type ClientRecord = Record<string, unknown>;

/** Fields to send on create or update; only fields with values. */
export type ClientFields = Record<string, string>;

/** Options every call takes. */
export interface CallOptions {
  /** The request's overall deadline; no call outlives it. */
  deadline: Deadline;
}

/** What a successful write reports. */
export interface WriteResult {
  /** Normalised result code, such as `CT200`. */
  resultCode: string;
}

/** The operations the handlers need from ClientTether. */
export interface ClientTetherApi {
  /** Clients whose phone (10 digits) matches; empty when none. */
  findByPhone(phone: string, options: CallOptions): Promise<ClientMatch[]>;

  /** Clients whose e-mail (lower-case) matches; empty when none. */
  findByEmail(email: string, options: CallOptions): Promise<ClientMatch[]>;

  /** The full record; throws `ClientNotFoundError` when it does not exist. */
  readById(clientId: string, options: CallOptions): Promise<ClientRecord>;

  /** Creates a client; throws `DuplicateClientError` on CT520. */
  create(
    fields: ClientFields,
    options: CallOptions,
  ): Promise<WriteResult & { clientId: string }>;

  /** Updates a client; throws `ClientNotFoundError` on CT515. */
  update(
    clientId: string,
    fields: ClientFields,
    options: CallOptions,
  ): Promise<WriteResult>;

  /** Deletes by id; `ClientInUseError` on CT512, not found on CT515. */
  deleteById(clientId: string, options: CallOptions): Promise<WriteResult>;

  /** Deletes by external id; same errors as `deleteById`. */
  deleteByExternalId(
    externalId: string,
    options: CallOptions,
  ): Promise<WriteResult & { clientId: string | null }>;
}
