/**
 * balena-api-key-wasm: balena-sdk's `auth`, `models.apiKey` and `pine`, in
 * Rust compiled to WebAssembly. `getSdk(options)` is a drop-in replacement
 * for balena-sdk's `getSdk` for these namespaces: same arguments, same
 * requests, same results, same errors.
 *
 * @example
 * import { getSdk } from 'balena-api-key-wasm';
 * const balena = getSdk({ apiUrl: 'https://api.balena-cloud.com/' });
 * await balena.auth.loginWithToken(token);
 * const keys = await balena.models.apiKey.getAllNamedUserApiKeys({ $select: ['id', 'name'] });
 */

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/** The request the transport hands to a custom `fetch` function, with the absolute URL as a string. */
export interface SdkFetchInit {
	/** `GET`, `POST`, `PATCH` or `DELETE`. */
	method: string;
	/** Request headers (`Authorization`, `X-Balena-Client`, `Content-Type`...). */
	headers: Record<string, string>;
	/** The JSON text of the body, when the request has one. */
	body?: string;
	/** An `AbortSignal` that aborts the request when `requestTimeout` elapses. */
	signal?: any;
}

/** The part of a fetch `Response` the transport reads. */
export interface SdkFetchResponse {
	/** The HTTP status code. */
	readonly status: number;
	/** Response headers; `Content-Type` picks how the body is decoded. */
	readonly headers: { get(name: string): string | null };
	/** The body as text (any other content type). */
	text(): Promise<string>;
	/** The body parsed as JSON (`application/json`). */
	json(): Promise<any>;
	/** The body as a Blob (`binary/octet-stream`). */
	blob?(): Promise<unknown>;
}

/**
 * A fetch function: `globalThis.fetch` of a browser, a Web Worker or
 * Node >= 18, or anything with the same call shape.
 */
export type SdkFetch = (input: string, init?: SdkFetchInit) => Promise<SdkFetchResponse>;

/**
 * The options of {@link getSdk}: balena-sdk's options that matter for
 * `auth`, `models.apiKey` and `pine`, plus `fetch` and `requestTimeout`.
 */
export interface SdkOptions {
	/**
	 * The balena API to talk to. Only its origin is used: pine requests go to
	 * `<origin>/<apiVersion>/`.
	 * @default 'https://api.balena-cloud.com/'
	 */
	apiUrl?: string;
	/**
	 * The OData API version, the first path segment of every pine request.
	 * @default 'v7'
	 */
	apiVersion?: string;
	/**
	 * Whether the SDK runs in a browser. Only decides where the token is
	 * stored: `localStorage` in a browser, the data directory otherwise.
	 * @default typeof window !== 'undefined'
	 */
	isBrowser?: boolean;
	/**
	 * Where the token is persisted outside a browser (the file `token` in it,
	 * as balena-sdk and the balena CLI keep it). `false` keeps the token in
	 * memory, for this sdk instance only.
	 * @default $BALENARC_DATA_DIRECTORY, else '~/.balena'
	 */
	dataDirectory?: string | false;
	/**
	 * Print failed requests to the console.
	 * @default false
	 */
	debug?: boolean;
	/**
	 * Send at most this many requests per `requestLimitInterval`; the others
	 * wait their turn. Unset: no limit.
	 */
	requestLimit?: number;
	/**
	 * The window of `requestLimit`, in milliseconds.
	 * @default 60000
	 */
	requestLimitInterval?: number;
	/**
	 * On a `429 Too Many Requests` with an integer `Retry-After` header, wait
	 * that many seconds and send the same request again. A function decides
	 * per response: it is called with the delay in milliseconds.
	 * @default false
	 */
	retryRateLimitedRequests?: boolean | ((retryAfterMs: number) => boolean);
	/**
	 * The most times one request is retried after a 429 (with
	 * `retryRateLimitedRequests`); each retry waits at least 100 ms, doubling
	 * up to 5 s, even when `Retry-After` is 0. Past it the call rejects with
	 * the 429's `BalenaRequestError`.
	 * @default 10
	 */
	maxRateLimitRetries?: number;
	/**
	 * The largest response body accepted, in bytes; a larger one rejects with
	 * an `Error` whose `code` is `'BalenaResponseTooLarge'`.
	 * @default 67108864 (64 MiB)
	 */
	maxResponseBytes?: number;
	/**
	 * The fetch function every request goes through.
	 * @default globalThis.fetch
	 */
	fetch?: SdkFetch;
	/**
	 * How long a request may take, in milliseconds (response headers and
	 * body), before it is aborted and rejects with
	 * `Error('network timeout')`, whose `code` is `'ETIMEDOUT'`.
	 * @default 59000
	 */
	requestTimeout?: number;
	/** Accepted for compatibility with balena-sdk; not used by this package. */
	builderUrl?: string;
	/** Accepted for compatibility with balena-sdk; not used by this package. */
	dashboardUrl?: string;
	/** Accepted for compatibility with balena-sdk; not used by this package. */
	deviceUrlsBase?: string;
	/** Accepted for compatibility with balena-sdk; not used by this package. */
	requestBatchingChunkSize?: number | { numericId: number; stringId: number };
}

// ---------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------

/** A reference to another resource, as the API returns it when not expanded. */
export interface PineDeferred {
	/** The id of the referenced row. */
	__id: number;
}

/** An actor (user, application or device), as an expanded `is_of__actor`. */
export interface Actor {
	/** The actor id. */
	id: number;
	[field: string]: unknown;
}

/** An `api_key` row, as `GET /v7/api_key` returns it. */
export interface ApiKey {
	/** The API key id. */
	id: number;
	/** When the key was created (ISO 8601). */
	created_at: string;
	/** The key's name; `null` for unnamed (e.g. device) keys. */
	name: string | null;
	/** The key's description. */
	description: string | null;
	/** When the key expires (ISO 8601); `null` for never. */
	expiry_date: string | null;
	/** The actor (user, application or device) that owns the key. */
	is_of__actor: PineDeferred;
}

/** The fields of an `api_key` row. */
export type ApiKeyField = keyof ApiKey;

/** The navigation properties of `api_key` that `$expand` can follow. */
export type ApiKeyExpandable = 'is_of__actor';

type SelectedFields<O> = O extends { $select: infer S }
	? S extends readonly (infer X)[] | ReadonlySet<infer X>
		? X
		: S extends string
			? S
			: ApiKeyField
	: ApiKeyField;

type ExpandedFields<O> = O extends { $expand: infer E }
	? E extends string
		? E
		: E extends readonly (infer X)[]
			? X extends string
				? X
				: keyof X & string
			: keyof E & string
	: never;

/**
 * The rows `models.apiKey.getAll(options)` (and friends) resolve to: the
 * fields `$select` picks (all when absent), with expanded navigation
 * properties as arrays of rows.
 */
export type ApiKeyResult<O = {}> = string extends SelectedFields<O>
	? ApiKeyRow<ApiKeyField, ExpandedFields<O>>
	: '*' extends SelectedFields<O>
		? ApiKeyRow<ApiKeyField, ExpandedFields<O>>
		: ApiKeyRow<SelectedFields<O> & ApiKeyField, ExpandedFields<O>>;

type ApiKeyRow<S extends ApiKeyField, E extends string> = {
	[K in Exclude<S, E>]: ApiKey[K];
} & {
	[K in E & ApiKeyExpandable]: Actor[];
};

// ---------------------------------------------------------------------------
// Pine (OData) options
// ---------------------------------------------------------------------------

/** A literal in a filter: strings are quoted and escaped, `Date`s become ISO strings. */
export type PinePrimitive = string | number | boolean | null | Date;

/**
 * A `$filter`: a literal, an array (joined with `or` at the top level, as
 * pinejs-client-core does), or an object of fields and operators (`$eq`,
 * `$ne`, `$gt`, `$in`, `$and`, `$or`, `$not`, `$contains`, `$startswith`,
 * `$any`, `$all`, `$raw`, `$fn`, ...).
 *
 * @example
 * { name: { $startswith: 'ci-' }, expiry_date: { $ne: null } }
 */
export type PineFilter = PinePrimitive | readonly PineFilter[] | PineFilterObject;

/** The object form of {@link PineFilter}. */
export interface PineFilterObject {
	readonly [fieldOrOperator: string]: PineFilter | undefined;
}

/**
 * A `$orderby`: `'name asc'`, `{ name: 'asc' }`, `{ $dir: 'desc', device: { $count: {} } }`,
 * or an array of those.
 */
export type PineOrderBy =
	| string
	| readonly PineOrderBy[]
	| { readonly [field: string]: 'asc' | 'desc' | { readonly $count: PineCountOptions } };

/** The options of a `$count` on a navigation property. */
export interface PineCountOptions {
	readonly $filter?: PineFilter;
}

/** A `$expand`: a navigation property, an object of them with nested options, or an array of those. */
export type PineExpand = string | PineExpandObject | readonly (string | PineExpandObject)[];

/** The object form of {@link PineExpand}: navigation property → its own options. */
export interface PineExpandObject {
	readonly [navigation: string]: PineOptions;
}

/** The options of every resource: paging, format and custom query options. */
export interface PineOptionsBase {
	/** At most this many rows. */
	readonly $top?: number;
	/** Skip this many rows. */
	readonly $skip?: number;
	/** The response format. */
	readonly $format?: string;
	/** A custom query option (strings, numbers, booleans, or arrays of those). */
	readonly [customOption: string]: unknown;
}

/**
 * OData options, as pinejs-client-core and balena-sdk take them, for any
 * resource (field names are not checked: see {@link ApiKeyOptions}).
 */
export interface PineOptions extends PineOptionsBase {
	/** The fields to return: `'name'`, `['id', 'name']` or `'*'`. */
	readonly $select?: string | readonly string[] | ReadonlySet<string>;
	/** The rows to return. */
	readonly $filter?: PineFilter;
	/** Navigation properties to return inline. */
	readonly $expand?: PineExpand;
	/** The order of the rows. */
	readonly $orderby?: PineOrderBy;
	/** Ask for a count of the rows instead of the rows. */
	readonly $count?: PineCountOptions;
}

// ---------------------------------------------------------------------------
// Pine options for api_key: field names checked
// ---------------------------------------------------------------------------

/** The operators of a filter object besides field names, as pinejs-client-core reads them. */
export interface PineFilterOperators<F> {
	readonly '@'?: string;
	readonly $raw?: string | readonly [string, ...PineFilter[]] | { readonly $string: string; readonly [alias: string]: PineFilter };
	readonly $?: string | readonly string[];
	readonly $and?: F;
	readonly $or?: F;
	readonly $not?: F;
	readonly $in?: F;
	readonly $eq?: F;
	readonly $ne?: F;
	readonly $gt?: F;
	readonly $ge?: F;
	readonly $lt?: F;
	readonly $le?: F;
	readonly $add?: F;
	readonly $sub?: F;
	readonly $mul?: F;
	readonly $div?: F;
	readonly $mod?: F;
	readonly $contains?: F;
	readonly $endswith?: F;
	readonly $startswith?: F;
	readonly $length?: F;
	readonly $indexof?: F;
	readonly $substring?: F;
	readonly $tolower?: F;
	readonly $toupper?: F;
	readonly $trim?: F;
	readonly $concat?: F;
	readonly $year?: F;
	readonly $month?: F;
	readonly $day?: F;
	readonly $hour?: F;
	readonly $minute?: F;
	readonly $second?: F;
	readonly $fractionalseconds?: F;
	readonly $date?: F;
	readonly $time?: F;
	readonly $totaloffsetminutes?: F;
	readonly $now?: F;
	readonly $maxdatetime?: F;
	readonly $mindatetime?: F;
	readonly $totalseconds?: F;
	readonly $round?: F;
	readonly $floor?: F;
	readonly $ceiling?: F;
	readonly $isof?: F;
	readonly $cast?: F;
	readonly $duration?: { negative?: boolean; days?: number; hours?: number; minutes?: number; seconds?: number };
	readonly $fn?: { $scope: string; $method: string; $args?: readonly PinePrimitive[] };
}

/** A lambda over a navigation property (`$any`, `$all`): `$expr` may name the alias. */
export interface PineLambda {
	readonly $alias: string;
	readonly $expr: PineFilter;
}

/** What a navigation property of `api_key` takes in a filter: a filter, or `$any` / `$all` / `$count`. */
export type ApiKeyNavigationFilter =
	| ApiKeyFilter
	| {
			readonly $any?: PineLambda;
			readonly $all?: PineLambda;
			readonly $count?: PineFilter | PineCountOptions;
	  };

/**
 * A `$filter` on `api_key` rows: {@link PineFilter} whose object keys are
 * the fields of {@link ApiKey} or operators, so a misspelled field does not
 * type-check.
 *
 * @example
 * { name: { $startswith: 'ci-' }, expiry_date: { $ne: null } }
 */
export type ApiKeyFilter = PinePrimitive | readonly ApiKeyFilter[] | ApiKeyFilterObject;

/** The object form of {@link ApiKeyFilter}. */
export type ApiKeyFilterObject = {
	readonly [K in ApiKeyField]?: K extends ApiKeyExpandable ? ApiKeyNavigationFilter : ApiKeyFilter;
} & PineFilterOperators<ApiKeyFilter>;

/**
 * A `$orderby` on `api_key` rows: a field (optionally with its direction),
 * an object of fields and directions, a `$count` of `is_of__actor` with
 * `$dir`, or an array of those.
 */
export type ApiKeyOrderBy =
	| ApiKeyField
	| `${ApiKeyField} ${'asc' | 'desc'}`
	| readonly ApiKeyOrderBy[]
	| { readonly [K in ApiKeyField]?: 'asc' | 'desc' }
	| ({ readonly [K in ApiKeyExpandable]?: { readonly $count: PineCountOptions } } & { readonly $dir: 'asc' | 'desc' });

/** A `$expand` on `api_key` rows: `is_of__actor`, with options of its own or not. */
export type ApiKeyExpand =
	| ApiKeyExpandable
	| { readonly [K in ApiKeyExpandable]?: PineOptions }
	| readonly (ApiKeyExpandable | { readonly [K in ApiKeyExpandable]?: PineOptions })[];

/**
 * The options the `models.apiKey` getters (and `pine` calls on `api_key`)
 * take: {@link PineOptions} whose `$select`, `$filter`, `$orderby` and
 * `$expand` name fields of {@link ApiKey} only.
 */
export interface ApiKeyOptions extends PineOptionsBase {
	/** The fields to return: `'name'`, `['id', 'name']` or `'*'`. */
	readonly $select?: ApiKeyField | '*' | readonly ApiKeyField[] | ReadonlySet<ApiKeyField>;
	/** The rows to return. */
	readonly $filter?: ApiKeyFilter;
	/** `is_of__actor` inline, as an array of actors. */
	readonly $expand?: ApiKeyExpand;
	/** The order of the rows. */
	readonly $orderby?: ApiKeyOrderBy;
	/** Ask for a count of the rows instead of the rows. */
	readonly $count?: { readonly $filter?: ApiKeyFilter };
}

/** A `$select` of `api_key` fields. */
export type ApiKeySelect = NonNullable<ApiKeyOptions['$select']>;

/**
 * The options of the `models.apiKey` getters: {@link ApiKeyOptions} as one
 * type (so that every field name in them is checked), with the `$select`
 * (`S`) and `$expand` (`E`) given, which narrow the rows.
 */
export type ApiKeyQuery<S, E> = ApiKeyOptions & { readonly $select?: S; readonly $expand?: E };

/**
 * The rows a query with `$select` `S` and `$expand` `E` resolves to:
 * narrowed when they are known (`never`: not given; a type as wide as the
 * option's own, as in options typed {@link ApiKeyOptions}, is not known).
 */
export type ApiKeyRows<S, E> = ApiKeyResult<
	([S] extends [never] ? {} : ApiKeySelect extends S ? {} : { $select: S }) &
		([E] extends [never] ? {} : ApiKeyExpand extends E ? {} : { $expand: E })
>;

/** An id: a number, a string, or an object of alternate key fields (`{ uuid: '...' }`). */
export type PineId = string | number | Date | { readonly '@': string } | { readonly [key: string]: PinePrimitive | { readonly '@': string } };

/**
 * The parameters of a pine call (`{ resource, id, options, body }`), as
 * pinejs-client-core takes them.
 */
export interface PineParams {
	/** The resource, e.g. `'api_key'`. */
	readonly resource?: string;
	/** A single row by id (the result is then that row or `undefined`). */
	readonly id?: PineId;
	/** OData options. */
	readonly options?: PineOptions;
	/** The request body of a `post` or `patch`. */
	readonly body?: { readonly [field: string]: unknown };
	/** A full URL, instead of `resource`, `id` and `options`. */
	readonly url?: string;
	/** A URL prefix other than `/<apiVersion>/`. */
	readonly apiPrefix?: string;
	/** The HTTP method (set by `get`, `post`, `patch`, `delete`). */
	readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** An OData action name, appended to the resource path. */
	readonly action?: string;
	/** Extra request options, passed through to the transport. */
	readonly passthrough?: { readonly [option: string]: unknown };
}

/** The parameters of a pine call on `api_key`: field names are checked in the options. */
export interface ApiKeyPineParams extends Omit<PineParams, 'resource' | 'options'> {
	/** `'api_key'`. */
	readonly resource: 'api_key';
	/** OData options, with field names of {@link ApiKey}. */
	readonly options?: ApiKeyOptions;
}

/** Refuses parameters on `api_key` in the signatures for other resources (they are {@link ApiKeyPineParams}). */
type OtherResource<P> = P extends { readonly resource: 'api_key' } ? { readonly resource: never } : unknown;

/** What `pine.get` resolves to on another resource than `api_key`. */
type PineGetResult<P> = P extends { options: { $count: any } } ? number : P extends { id: any } ? any : any[];

// ---------------------------------------------------------------------------
// Namespaces
// ---------------------------------------------------------------------------

/** What `GET /actor/v1/whoami` answers for a user's token. */
export interface UserKeyWhoAmIResponse {
	id: number;
	actorType: 'user';
	actorTypeId: number;
	username: string;
	email: string | null;
}

/** What `GET /actor/v1/whoami` answers for an application's key. */
export interface ApplicationKeyWhoAmIResponse {
	id: number;
	actorType: 'application';
	actorTypeId: number;
	slug: string;
}

/** What `GET /actor/v1/whoami` answers for a device's key. */
export interface DeviceKeyWhoAmIResponse {
	id: number;
	actorType: 'device';
	actorTypeId: number;
	uuid: string;
}

/** The actor a token belongs to. */
export type WhoamiResult = UserKeyWhoAmIResponse | ApplicationKeyWhoAmIResponse | DeviceKeyWhoAmIResponse;

/** `balena.auth`: the token the sdk sends, and who it belongs to. */
export interface Auth {
	/**
	 * @summary Log in with a session token or API key
	 * @description Stores the token: every later request sends it as
	 * `Authorization: Bearer <token>`. Any string is accepted as an API key;
	 * a JWT whose `exp` has passed is refused. Clears the cached actor.
	 *
	 * @param {String} authToken - the session token or API key
	 * @fulfil nothing, once the token is stored
	 * @reject {BalenaExpiredToken} the token is a JWT that has expired
	 * @returns {Promise<void>}
	 *
	 * @example
	 * balena.auth.loginWithToken(authToken);
	 */
	loginWithToken(authToken: string): Promise<void>;

	/**
	 * @summary Log out
	 * @description Forgets the stored token and the cached actor.
	 *
	 * @fulfil nothing, once the token is removed
	 * @returns {Promise<void>}
	 *
	 * @example
	 * balena.auth.logout();
	 */
	logout(): Promise<void>;

	/**
	 * @summary Get the stored token
	 *
	 * @fulfil {String} - the session token or API key
	 * @reject {BalenaNotLoggedIn} no token is stored
	 * @returns {Promise<string>}
	 *
	 * @example
	 * balena.auth.getToken().then(function(token) {
	 * 	console.log(token);
	 * });
	 */
	getToken(): Promise<string>;

	/**
	 * @summary Check whether the stored token is valid
	 * @description Asks the API who the token belongs to (never from cache).
	 *
	 * @fulfil {Boolean} - whether a token is stored and the API accepts it
	 * @returns {Promise<boolean>}
	 *
	 * @example
	 * balena.auth.isLoggedIn().then(function(isLoggedIn) {
	 * 	console.log(isLoggedIn ? 'logged in' : 'not logged in');
	 * });
	 */
	isLoggedIn(): Promise<boolean>;

	/**
	 * @summary Get the actor the token belongs to
	 * @description Calls `GET /actor/v1/whoami`.
	 *
	 * @fulfil {Object|undefined} - the actor (user, application or device), or
	 * `undefined` when not logged in
	 * @returns {Promise<WhoamiResult | undefined>}
	 *
	 * @example
	 * balena.auth.whoami().then(function(result) {
	 * 	if (!result) {
	 * 		console.log('not logged in');
	 * 	} else if (result.actorType === 'user') {
	 * 		console.log('user', result.username);
	 * 	}
	 * });
	 */
	whoami(): Promise<WhoamiResult | undefined>;

	/**
	 * @summary Get the actor id of the token
	 * @description The `id` of whoami's answer, cached until `loginWithToken`,
	 * `logout` or `isLoggedIn` clears it.
	 *
	 * @fulfil {Number} - the actor id
	 * @reject {BalenaNotLoggedIn} no token, or the API refused it
	 * @returns {Promise<number>}
	 *
	 * @example
	 * balena.auth.getActorId().then(function(actorId) {
	 * 	console.log(actorId);
	 * });
	 */
	getActorId(): Promise<number>;
}

/** `balena.models.apiKey`: the API keys of users, applications and devices. */
export interface ApiKeyModel {
	/**
	 * @summary Creates a new user API key
	 * @description Registers a new API key for the logged-in user, with the
	 * name, expiry date and (optional) description given.
	 *
	 * @param {Object} createApiKeyParams - the parameters of the new key
	 * @param {String} createApiKeyParams.name - the key's name
	 * @param {String|null} createApiKeyParams.expiryDate - when the key expires (`null`: never)
	 * @param {String} [createApiKeyParams.description=null] - the key's description
	 * @fulfil {String} - the new API key
	 * @reject {BalenaInvalidParameterError} `expiryDate` is missing
	 * @reject {BalenaNotLoggedIn} the request failed
	 * @returns {Promise<string>}
	 *
	 * @example
	 * balena.models.apiKey.create({ name: apiKeyName, expiryDate: '2030-10-12' }).then(function(apiKey) {
	 * 	console.log(apiKey);
	 * });
	 *
	 * @example
	 * balena.models.apiKey.create({ name: apiKeyName, expiryDate: '2030-10-12', description: apiKeyDescription }).then(function(apiKey) {
	 * 	console.log(apiKey);
	 * });
	 */
	create(createApiKeyParams: {
		name: string;
		expiryDate: string | Date | null;
		description?: string | null;
	}): Promise<string>;

	/**
	 * @summary Get all accessible API keys
	 * @description Every API key the token can read, ordered by name unless
	 * the options say otherwise.
	 *
	 * @param {Object} [options={}] - extra pine options to use
	 * @fulfil {Object[]} - apiKeys
	 * @returns {Promise<ApiKey[]>}
	 *
	 * @example
	 * balena.models.apiKey.getAll().then(function(apiKeys) {
	 * 	console.log(apiKeys);
	 * });
	 *
	 * @example
	 * balena.models.apiKey.getAll({ $select: ['id', 'name'], $filter: { expiry_date: null } }).then(function(apiKeys) {
	 * 	console.log(apiKeys);
	 * });
	 */
	getAll<const S extends ApiKeySelect = never, const E extends ApiKeyExpand = never>(options?: ApiKeyQuery<S, E>): Promise<Array<ApiKeyRows<S, E>>>;

	/**
	 * @summary Get all named user API keys of the current user
	 * @description The logged-in user's own API keys that have a name
	 * (session keys have none).
	 *
	 * @param {Object} [options={}] - extra pine options to use
	 * @fulfil {Object[]} - apiKeys
	 * @reject {BalenaNotLoggedIn} not logged in
	 * @returns {Promise<ApiKey[]>}
	 *
	 * @example
	 * balena.models.apiKey.getAllNamedUserApiKeys().then(function(apiKeys) {
	 * 	console.log(apiKeys);
	 * });
	 */
	getAllNamedUserApiKeys<const S extends ApiKeySelect = never, const E extends ApiKeyExpand = never>(options?: ApiKeyQuery<S, E>): Promise<Array<ApiKeyRows<S, E>>>;

	/**
	 * @summary Get all provisioning API keys for an application
	 *
	 * @param {String|Number} slugOrUuidOrId - application slug (string), uuid (string) or id (number)
	 * @param {Object} [options={}] - extra pine options to use
	 * @fulfil {Object[]} - apiKeys
	 * @reject {BalenaApplicationNotFound} no such application
	 * @reject {BalenaAmbiguousApplication} the slug or uuid matches several applications
	 * @returns {Promise<ApiKey[]>}
	 *
	 * @example
	 * balena.models.apiKey.getProvisioningApiKeysByApplication('myorganization/myapp').then(function(apiKeys) {
	 * 	console.log(apiKeys);
	 * });
	 *
	 * @example
	 * balena.models.apiKey.getProvisioningApiKeysByApplication(123, { $select: 'id' }).then(function(apiKeys) {
	 * 	console.log(apiKeys);
	 * });
	 */
	getProvisioningApiKeysByApplication<const S extends ApiKeySelect = never, const E extends ApiKeyExpand = never>(
		slugOrUuidOrId: string | number,
		options?: ApiKeyQuery<S, E>,
	): Promise<Array<ApiKeyRows<S, E>>>;

	/**
	 * @summary Get all API keys for a device
	 *
	 * @param {String|Number} uuidOrId - device uuid (string, 32 or 62 characters) or id (number)
	 * @param {Object} [options={}] - extra pine options to use
	 * @fulfil {Object[]} - apiKeys
	 * @reject {BalenaInvalidParameterError} `uuidOrId` is neither an id nor a uuid
	 * @reject {BalenaDeviceNotFound} no such device
	 * @returns {Promise<ApiKey[]>}
	 *
	 * @example
	 * balena.models.apiKey.getDeviceApiKeysByDevice('7cf02a69e4d34c9da573914963cf54fd').then(function(apiKeys) {
	 * 	console.log(apiKeys);
	 * });
	 */
	getDeviceApiKeysByDevice<const S extends ApiKeySelect = never, const E extends ApiKeyExpand = never>(
		uuidOrId: string | number,
		options?: ApiKeyQuery<S, E>,
	): Promise<Array<ApiKeyRows<S, E>>>;

	/**
	 * @summary Update the details of an API key
	 * @description Changes any of the name, description and expiry date.
	 *
	 * @param {Number} id - API key id
	 * @param {Object} apiKeyInfo - the new name, description and/or expiryDate
	 * @fulfil nothing, once updated
	 * @reject {BalenaInvalidParameterError} `apiKeyInfo` is missing, or its name is `null` or empty
	 * @returns {Promise<void>}
	 *
	 * @example
	 * balena.models.apiKey.update(123, { name: 'updatedName' });
	 *
	 * @example
	 * balena.models.apiKey.update(123, { description: 'updated description' });
	 *
	 * @example
	 * balena.models.apiKey.update(123, { expiryDate: '2022-04-29' });
	 *
	 * @example
	 * balena.models.apiKey.update(123, { name: 'updatedName', description: 'updated description' });
	 */
	update(
		id: number,
		apiKeyInfo: {
			name?: string;
			description?: string | null;
			expiryDate?: string | null;
		},
	): Promise<void>;

	/**
	 * @summary Revoke an API key
	 * @description Deletes the key: requests made with it fail from then on.
	 *
	 * @param {Number} id - API key id
	 * @fulfil nothing, once revoked
	 * @returns {Promise<void>}
	 *
	 * @example
	 * balena.models.apiKey.revoke(123);
	 */
	revoke(id: number): Promise<void>;
}

/** `balena.pine`: raw OData requests to the balena API, as pinejs-client-core makes them. */
export interface Pine {
	/**
	 * @summary Read rows
	 * @description `GET /<apiVersion>/<resource>[(<id>)][?<options>]`.
	 *
	 * @param {Object} params - `{ resource, id, options }`
	 * @fulfil {Object[]|Object|undefined|Number} - the rows; with an `id`, the
	 * row or `undefined`; with `$count`, the number of rows
	 * @returns {Promise}
	 *
	 * @example
	 * balena.pine.get({
	 * 	resource: 'api_key',
	 * 	options: { $select: ['id', 'name'], $filter: { name: { $ne: null } } },
	 * }).then(function(apiKeys) {
	 * 	console.log(apiKeys);
	 * });
	 *
	 * @example
	 * balena.pine.get({ resource: 'api_key', id: 123 }).then(function(apiKey) {
	 * 	console.log(apiKey);
	 * });
	 */
	get<
		const S extends ApiKeySelect = never,
		const E extends ApiKeyExpand = never,
		const I extends PineId | undefined = undefined,
		const C extends ApiKeyOptions['$count'] = undefined,
	>(
		params: ApiKeyPineParams & { readonly id?: I; readonly options?: ApiKeyQuery<S, E> & { readonly $count?: C } },
	): Promise<[C] extends [undefined] ? ([I] extends [undefined] ? Array<ApiKeyRows<S, E>> : ApiKeyRows<S, E> | undefined) : number>;
	get<const P extends PineParams & { resource: string }>(params: P & OtherResource<P>): Promise<PineGetResult<P>>;

	/**
	 * @summary Create a row
	 * @description `POST /<apiVersion>/<resource>` with the body as JSON.
	 *
	 * @param {Object} params - `{ resource, body, options }`
	 * @fulfil {Object} - the created row, as the API answers it
	 * @returns {Promise}
	 *
	 * @example
	 * balena.pine.post({ resource: 'application_tag', body: { application: 123, tag_key: 'k', value: 'v' } });
	 */
	post(params: ApiKeyPineParams): Promise<any>;
	post<const P extends PineParams & { resource: string }>(params: P & OtherResource<P>): Promise<any>;

	/**
	 * @summary Update rows
	 * @description `PATCH /<apiVersion>/<resource>[(<id>)][?<options>]` with the body as JSON.
	 *
	 * @param {Object} params - `{ resource, id, options, body }`
	 * @fulfil nothing, once updated
	 * @returns {Promise<void>}
	 *
	 * @example
	 * balena.pine.patch({ resource: 'api_key', id: 123, body: { name: 'renamed' } });
	 */
	patch(params: ApiKeyPineParams): Promise<void>;
	patch<const P extends PineParams & { resource: string }>(params: P & OtherResource<P>): Promise<void>;

	/**
	 * @summary Delete rows
	 * @description `DELETE /<apiVersion>/<resource>[(<id>)][?<options>]`.
	 *
	 * @param {Object} params - `{ resource, id, options }`
	 * @fulfil nothing, once deleted
	 * @returns {Promise<void>}
	 *
	 * @example
	 * balena.pine.delete({ resource: 'api_key', id: 123 });
	 */
	delete(params: ApiKeyPineParams): Promise<void>;
	delete<const P extends PineParams & { resource: string }>(params: P & OtherResource<P>): Promise<void>;

	/**
	 * @summary Compile a request to its URL, without sending it
	 * @description Returns exactly the string pinejs-client-core's `compile`
	 * returns for the same parameters (relative to `/<apiVersion>/`), or
	 * throws the same error.
	 *
	 * @param {Object} params - `{ resource, id, options }`
	 * @returns {String} the URL path and query
	 * @throws {Error} the options are invalid
	 *
	 * @example
	 * balena.pine.compile({ resource: 'api_key', options: { $orderby: { name: 'asc' } } });
	 * // 'api_key?$orderby=name asc'
	 */
	compile(params: ApiKeyPineParams): string;
	compile<const P extends PineParams>(params: P & OtherResource<P>): string;
}

/** `balena.models`. */
export interface Models {
	/** API keys: create, list, update and revoke. */
	apiKey: ApiKeyModel;
}

/** The kinds of API key an expiry audit tells apart, by what owns the key. */
export type ApiKeyKind = 'user' | 'provisioning' | 'device';

/** A key found by {@link ApiKeyExtras.getExpiring}. */
export interface ExpiringApiKey {
	/** The API key id. */
	id: number;
	/** The key's name; `null` for unnamed (device, provisioning) keys. */
	name: string | null;
	/** The key's description. */
	description: string | null;
	/** When the key was created (ISO 8601). */
	created_at: string;
	/** When the key expires or expired (ISO 8601). */
	expiry_date: string;
	/** What the key belongs to: the user, a fleet (provisioning) or a device. */
	kind: ApiKeyKind;
	/** Whether the key has expired already (else it expires within the window). */
	expired: boolean;
	/** The fleet of a provisioning key, or of a device key's device. */
	application?: { id: number; slug: string };
	/** The device of a device key. */
	device?: { id: number; uuid: string };
}

/** What {@link ApiKeyExtras.getExpiring} reports after each page it reads. */
export interface ExpiryAuditProgress {
	/** The kind of key being read. */
	kind: ApiKeyKind;
	/** Owners read so far: `1` for the user's own keys, else fleets or devices. */
	scanned: number;
	/** Keys of this kind found so far. */
	found: number;
}

/** What {@link ApiKeyExtras.rotate} fulfils with. */
export interface ApiKeyRotation extends NewApiKey {
	/** The id of the key that was revoked. */
	revoked: number;
}

/** What {@link ApiKeyExtras.create} fulfils with. */
export interface NewApiKey {
	/** The new key's id; `null` when another key of the same name was made at the same moment, so the new one could not be told apart. */
	id: number | null;
	/** The new API key: shown only now. */
	key: string;
}

/** `balena.extras.apiKey`: what balena-sdk does not do for API keys. */
export interface ApiKeyExtras {
	/**
	 * @summary Create a new user API key, and learn its id
	 * @description `models.apiKey.create` with the same parameters, which
	 * fulfils with the new key and its id. A failure rejects with what went
	 * wrong (`models.apiKey.create` calls any failure `BalenaNotLoggedIn`;
	 * here only a 401, which a token that may not make keys gets).
	 *
	 * @param {Object} createApiKeyParams - the parameters of the new key
	 * @param {String} createApiKeyParams.name - the key's name
	 * @param {String|null} createApiKeyParams.expiryDate - when the key expires (`null`: never)
	 * @param {String} [createApiKeyParams.description=null] - the key's description
	 * @fulfil {Object} - `{ id, key }`
	 * @reject {BalenaInvalidParameterError} `name` or `expiryDate` is missing
	 * @reject {BalenaNotLoggedIn} the token may not make keys
	 * @returns {Promise<NewApiKey>}
	 *
	 * @example
	 * const { id, key } = await balena.extras.apiKey.create({ name: 'ci', expiryDate: '2030-10-12' });
	 */
	create(createApiKeyParams: {
		name: string;
		expiryDate: string | Date | null;
		description?: string | null;
	}): Promise<NewApiKey>;

	/**
	 * @summary Rotate a named user API key
	 * @description Creates a new key with the old key's name and description,
	 * then revokes the old key. The new key expires on `expiryDate` if given
	 * (`null`: never); otherwise it gets the old key's lifetime (from its
	 * creation to its expiry) counted from now, or never expires if the old
	 * one never did. If the revoke fails, both keys stay valid and the
	 * promise rejects with {@link BalenaApiKeyRotationIncomplete}, which
	 * carries the new key.
	 *
	 * @param {Number} id - the id of one of the user's named API keys
	 * @param {Object} [options] - rotation options
	 * @param {String|null} [options.expiryDate] - the new key's expiry date (ISO 8601), `null` for never
	 * @fulfil {Object} - `{ id, key, revoked }`: the new key's id and secret, and the revoked key's id
	 * @reject {BalenaApiKeyNotFound} no named key of the user has this id
	 * @reject {BalenaApiKeyRotationIncomplete} the new key was made, the old one could not be revoked
	 * @reject {BalenaInvalidParameterError} `id` is not a positive whole number
	 * @returns {Promise<ApiKeyRotation>}
	 *
	 * @example
	 * const { id, key, revoked } = await balena.extras.apiKey.rotate(123);
	 * console.log(`key ${revoked} replaced by key ${id}: ${key}`);
	 *
	 * @example
	 * try {
	 * 	await balena.extras.apiKey.rotate(123, { expiryDate: '2030-01-01' });
	 * } catch (err) {
	 * 	if (err instanceof balena.errors.BalenaApiKeyRotationIncomplete) {
	 * 		console.log(`new key ${err.id}: ${err.key}; key ${err.oldId} is still valid`);
	 * 	}
	 * }
	 */
	rotate(id: number, options?: { expiryDate?: string | null }): Promise<ApiKeyRotation>;

	/**
	 * @summary Find the API keys that have expired or expire soon
	 * @description Audits the user's named keys, the provisioning keys of
	 * their fleets and the keys of their devices: every key with an expiry
	 * date no later than `days` from now, soonest first. Fleets and devices
	 * are read a page at a time and their keys are filtered on the server, so
	 * an account with many thousands of keys takes a bounded number of rows
	 * per request; `onProgress` hears after each page.
	 *
	 * @param {Object} [options] - audit options
	 * @param {Number} [options.days=7] - the window in days; `0` lists expired keys only
	 * @param {String[]} [options.kinds=['user', 'provisioning', 'device']] - the kinds of key to audit (with `fleet`: `['provisioning', 'device']`)
	 * @param {String|Number} [options.fleet] - a fleet slug, uuid or id: only its provisioning and device keys
	 * @param {Function} [options.onProgress] - called with `{ kind, scanned, found }` after each page
	 * @fulfil {Object[]} - the keys, each with its `kind`, `expired` and owner (`application`, `device`)
	 * @reject {BalenaApplicationNotFound} no fleet matches `fleet`
	 * @reject {BalenaInvalidParameterError} `days`, `kinds` or `onProgress` is not valid, or `kinds` has `'user'` with a `fleet`
	 * @returns {Promise<ExpiringApiKey[]>}
	 *
	 * @example
	 * const keys = await balena.extras.apiKey.getExpiring({ days: 30 });
	 * for (const key of keys) {
	 * 	console.log(key.kind, key.id, key.name, key.expired ? 'expired' : `expires ${key.expiry_date}`);
	 * }
	 *
	 * @example
	 * await balena.extras.apiKey.getExpiring({
	 * 	fleet: 'myorg/myfleet',
	 * 	onProgress: ({ kind, scanned, found }) => console.error(`${kind}: ${scanned} read, ${found} found`),
	 * });
	 */
	getExpiring(options?: {
		days?: number;
		kinds?: readonly ApiKeyKind[];
		fleet?: string | number;
		onProgress?: (progress: ExpiryAuditProgress) => void;
	}): Promise<ExpiringApiKey[]>;
}

/** `balena.extras` of the `balena-api-key-wasm/extras` entry: helpers beyond balena-sdk's models. */
export interface Extras {
	/** Rotation and expiry audits of API keys. */
	apiKey: ApiKeyExtras;
}

/** What {@link getSdk} returns. */
export interface BalenaSDK {
	/** Log in with a token, and find out who it belongs to. */
	auth: Auth;
	/** The resource models: here, `apiKey`. */
	models: Models;
	/** Raw OData requests. */
	pine: Pine;
	/** The error classes, the same as the top-level {@link errors} export. */
	errors: Errors;
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * The base of every balena error: `name` and `code` are the class name, so
 * `err.code === 'BalenaNotLoggedIn'` checks written for balena-sdk work.
 */
declare class BalenaError extends Error {
	/** The class name, e.g. `'BalenaRequestError'`. */
	code: string;
	/** The process exit code the balena CLI uses for it: `1`. */
	exitCode: number;
	constructor(message?: string);
}

/**
 * @summary An argument is not valid
 * @description Message: `Invalid parameter: <value> is not a valid value for parameter '<name>'`.
 *
 * @example
 * try {
 * 	await balena.models.apiKey.update(123, null);
 * } catch (err) {
 * 	if (err instanceof balena.errors.BalenaInvalidParameterError) console.log(err.parameterName);
 * }
 */
export declare class BalenaInvalidParameterError extends BalenaError {
	/** The parameter's name, e.g. `'apiKeyInfo.name'`. */
	parameterName: string;
	/** The value that was refused. */
	suppliedValue: any;
	constructor(parameterName: string, suppliedValue: any);
}

/**
 * @summary No token, or the API refused it
 * @description Message: `You have to log in`.
 *
 * @example
 * balena.auth.getToken().catch(function(err) {
 * 	if (err.code === 'BalenaNotLoggedIn') console.log('log in first');
 * });
 */
export declare class BalenaNotLoggedIn extends BalenaError {
	constructor();
}

/**
 * @summary The API answered with an error status
 * @description Message: `Request error: <body>`, the body being the error
 * text the API sent (or `The request was unsuccessful` when it sent none).
 *
 * @example
 * balena.models.apiKey.revoke(123).catch(function(err) {
 * 	if (err instanceof errors.BalenaRequestError) console.log(err.statusCode, err.body);
 * });
 */
export declare class BalenaRequestError extends BalenaError {
	/** The error text (or the decoded body when it has no text). */
	body: any;
	/** The HTTP status code. */
	statusCode: number;
	/** The request that failed. */
	requestOptions: object;
	/** The response headers. */
	responseHeaders?: { get(name: string): string | null; has(name: string): boolean };
	constructor(body: any, statusCode: number, requestOptions?: object, responseHeaders?: object);
}

/**
 * @summary No application has this id, slug or uuid
 * @description Message: `Application not found: <application>`.
 *
 * @example
 * balena.models.apiKey.getProvisioningApiKeysByApplication('myorg/nope').catch(function(err) {
 * 	if (err instanceof errors.BalenaApplicationNotFound) console.log(err.application);
 * });
 */
export declare class BalenaApplicationNotFound extends BalenaError {
	/** The id, slug or uuid looked up. */
	application: string | number;
	constructor(application: string | number);
}

/**
 * @summary Several applications match this slug or uuid
 * @description Message: `Application is ambiguous: <application>`.
 *
 * @example
 * if (err instanceof errors.BalenaAmbiguousApplication) console.log(err.application);
 */
export declare class BalenaAmbiguousApplication extends BalenaError {
	/** The slug or uuid looked up. */
	application: string | number;
	constructor(application: string | number);
}

/**
 * @summary No device has this id or uuid
 * @description Message: `Device not found: <device>`.
 *
 * @example
 * balena.models.apiKey.getDeviceApiKeysByDevice(999).catch(function(err) {
 * 	if (err instanceof errors.BalenaDeviceNotFound) console.log(err.device);
 * });
 */
export declare class BalenaDeviceNotFound extends BalenaError {
	/** The id or uuid looked up. */
	device: string | number;
	constructor(device: string | number);
}

/**
 * @summary The token has expired
 * @description Message: `The token expired`.
 *
 * @example
 * balena.auth.loginWithToken(oldJwt).catch(function(err) {
 * 	if (err instanceof errors.BalenaExpiredToken) console.log('log in again');
 * });
 */
export declare class BalenaExpiredToken extends BalenaError {
	/** The expired token. */
	token: string;
	constructor(token: string);
}

/**
 * @summary The token cannot be read
 * @description Message: `Malformed token`.
 *
 * @example
 * if (err.code === 'BalenaMalformedToken') console.log(err.token);
 */
export declare class BalenaMalformedToken extends BalenaError {
	/** The token. */
	token: string;
	constructor(token: string);
}

/**
 * @summary No named API key of the user has this id
 * @description Message: `API key not found: <id>`. From
 * `extras.apiKey.rotate`, which rotates only the user's named keys.
 *
 * @example
 * if (err instanceof balena.errors.BalenaApiKeyNotFound) console.log(err.id);
 */
export declare class BalenaApiKeyNotFound extends BalenaError {
	/** The id asked for. */
	id: unknown;
	constructor(id: unknown);
}

/**
 * @summary A rotation made the new key but could not revoke the old one
 * @description Both keys are valid. The message names both ids and why the
 * revoke failed; the new key is in `key`, which is not enumerable, so
 * logging the error does not print it.
 *
 * @example
 * if (err instanceof balena.errors.BalenaApiKeyRotationIncomplete) {
 * 	store(err.key);
 * 	console.log(`revoke key ${err.oldId} by hand: ${err.cause.message}`);
 * }
 */
export declare class BalenaApiKeyRotationIncomplete extends BalenaError {
	/** The new key's id, or `null` when it could not be told apart. */
	id: number | null;
	/** The id of the old key, which is still valid. */
	oldId: number;
	/** The new API key (not enumerable). */
	readonly key: string;
	/** Why the revoke failed. */
	cause: unknown;
	constructor(id: number | null, oldId: number, key: string, cause: unknown);
}

// The base class is reached at run time as `errors.BalenaError`; the module
// has no export of that name, so only its type is exported.
export type { BalenaError };

/** The error classes, as `errors` and `balena.errors`. */
export interface Errors {
	/**
	 * The base of every class below: `err instanceof errors.BalenaError` is
	 * true for any error the sdk makes itself.
	 */
	BalenaError: typeof BalenaError;
	BalenaInvalidParameterError: typeof BalenaInvalidParameterError;
	BalenaNotLoggedIn: typeof BalenaNotLoggedIn;
	BalenaRequestError: typeof BalenaRequestError;
	BalenaApplicationNotFound: typeof BalenaApplicationNotFound;
	BalenaAmbiguousApplication: typeof BalenaAmbiguousApplication;
	BalenaDeviceNotFound: typeof BalenaDeviceNotFound;
	BalenaExpiredToken: typeof BalenaExpiredToken;
	BalenaMalformedToken: typeof BalenaMalformedToken;
	BalenaApiKeyNotFound: typeof BalenaApiKeyNotFound;
	BalenaApiKeyRotationIncomplete: typeof BalenaApiKeyRotationIncomplete;
}

/**
 * The error classes, for `instanceof` checks, the same objects as
 * `balena.errors`.
 *
 * @example
 * import { errors } from 'balena-api-key-wasm';
 * try {
 * 	await balena.models.apiKey.getAllNamedUserApiKeys();
 * } catch (err) {
 * 	if (err instanceof errors.BalenaNotLoggedIn) console.log('log in first');
 * }
 */
export declare const errors: Errors;

// ---------------------------------------------------------------------------
// getSdk
// ---------------------------------------------------------------------------

/**
 * @summary Create an sdk instance
 * @description Synchronous, like balena-sdk's `getSdk`, with no init call.
 * In Node the WebAssembly module is loaded by the time the import is. In
 * browsers it is still downloading until {@link ready} resolves: an sdk made
 * before then reads its options at its first call that finds the module
 * loaded, its methods wait for the module, and `pine.compile` throws until
 * then. Each instance has its own token store when `dataDirectory` is
 * `false`.
 *
 * @param {Object} [options] - the sdk options (see {@link SdkOptions})
 * @returns {BalenaSDK} the sdk: `auth`, `models.apiKey`, `pine`, `errors`
 *
 * @example
 * // CommonJS
 * const { getSdk } = require('balena-api-key-wasm');
 * // ESM, Node and browsers
 * import { getSdk } from 'balena-api-key-wasm';
 *
 * const balena = getSdk({
 * 	apiUrl: 'https://api.balena-cloud.com/',
 * 	dataDirectory: false,
 * });
 */
export declare function getSdk(options?: SdkOptions): BalenaSDK;

/**
 * @summary Resolves once the WebAssembly module is loaded
 * @description Already resolved in Node. In browsers, Web Workers and
 * bundles the module starts downloading when the package is imported:
 * `ready` resolves once it is compiled and instantiated, or rejects with
 * why it could not be loaded. Every sdk method waits for it on its own;
 * only the synchronous `pine.compile` needs it awaited first.
 *
 * @fulfil nothing, once the module is loaded
 * @returns {Promise<void>}
 *
 * @example
 * import { getSdk, ready } from 'balena-api-key-wasm';
 * await ready;
 * const url = getSdk().pine.compile({ resource: 'api_key', options: { $top: 1 } });
 */
export declare const ready: Promise<void>;

export {};
