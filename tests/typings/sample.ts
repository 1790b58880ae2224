// Type-checked by tests/js/package-typings.test.mjs (`tsc --noEmit -p
// tests/typings`); never run. Every export used the way README users (and
// code written for balena-sdk) use it; each `@ts-expect-error` line is a call
// the declarations must reject.
import { errors, getSdk } from 'balena-api-key-wasm';
import withExtras from 'balena-api-key-wasm/extras';
import type {
	ApiKey,
	ApiKeyFilter,
	ApiKeyOptions,
	BalenaSDK,
	PineFilter,
	PineOptions,
	SdkOptions,
	WhoamiResult,
} from 'balena-api-key-wasm';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}
declare const token: string;

// --- getSdk and its options -------------------------------------------------
const balena: BalenaSDK = getSdk({ apiUrl: 'https://api.balena-cloud.com/', dataDirectory: false });
getSdk();
getSdk({});
const allOptions: SdkOptions = {
	apiUrl: 'http://127.0.0.1:1234/',
	apiVersion: 'v7',
	isBrowser: false,
	dataDirectory: '/tmp/balena',
	debug: true,
	requestLimit: 10,
	requestLimitInterval: 1000,
	retryRateLimitedRequests: (retryAfterMs) => retryAfterMs < 5000,
	fetch: globalThis.fetch,
	requestTimeout: 5000,
	// balena-sdk options this package accepts and ignores
	builderUrl: 'https://builder.balena-cloud.com/',
	dashboardUrl: 'https://dashboard.balena-cloud.com/',
	deviceUrlsBase: 'balena-devices.com',
	requestBatchingChunkSize: 50,
};
getSdk(allOptions);
getSdk({ retryRateLimitedRequests: true });
getSdk({ fetch: (input, init) => fetch(input, init) });
// a stand-in transport: only what the sdk reads
getSdk({
	fetch: async (url: string, init) => ({
		status: 200,
		headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
		text: async () => `${init?.method} ${url}`,
		json: async () => ({ d: [] }),
	}),
});
// @ts-expect-error fetch resolves a response, not a string
getSdk({ fetch: async (url: string) => url });
// @ts-expect-error apiUrl is a string
getSdk({ apiUrl: 42 });
// @ts-expect-error dataDirectory is a path or false
getSdk({ dataDirectory: true });
// @ts-expect-error requestTimeout is in milliseconds
getSdk({ requestTimeout: '5s' });
// @ts-expect-error not an option
getSdk({ apiUrll: 'https://api.balena-cloud.com/' });
// @ts-expect-error getSdk returns the sdk synchronously, not a promise
getSdk().then;

async function authUsage(): Promise<void> {
	await balena.auth.loginWithToken(token);
	const stored: string = await balena.auth.getToken();
	const loggedIn: boolean = await balena.auth.isLoggedIn();
	const actorId: number = await balena.auth.getActorId();
	const who = await balena.auth.whoami();
	assertType<Equals<typeof who, WhoamiResult | undefined>>();
	if (who?.actorType === 'user') {
		const username: string = who.username;
		const email: string | null = who.email;
	} else if (who?.actorType === 'device') {
		const uuid: string = who.uuid;
	}
	await balena.auth.logout();
	// @ts-expect-error the token is required
	await balena.auth.loginWithToken();
	// @ts-expect-error the token is a string
	await balena.auth.loginWithToken(123);
	// @ts-expect-error balena-sdk's login with email and password is not part of this package
	await balena.auth.login({ email: 'a@b.c', password: 'x' });
	void [stored, loggedIn, actorId];
}

// --- models.apiKey --------------------------------------------------------
async function apiKeyUsage(): Promise<void> {
	const key: string = await balena.models.apiKey.create({ name: 'ci', expiryDate: '2030-10-12' });
	await balena.models.apiKey.create({ name: 'ci', expiryDate: null, description: 'for CI' });
	await balena.models.apiKey.create({ name: 'ci', expiryDate: new Date('2030-01-01'), description: null });
	// @ts-expect-error expiryDate is required (null means never)
	await balena.models.apiKey.create({ name: 'ci' });
	// @ts-expect-error the parameters object is required
	await balena.models.apiKey.create();
	// @ts-expect-error name is a string
	await balena.models.apiKey.create({ name: 5, expiryDate: null });

	const all = await balena.models.apiKey.getAll();
	assertType<Equals<keyof (typeof all)[number], keyof ApiKey>>();
	const first = all[0];
	const id: number = first.id;
	const name: string | null = first.name;
	const createdAt: string = first.created_at;
	const expiry: string | null = first.expiry_date;
	const description: string | null = first.description;
	const actor: number = first.is_of__actor.__id;

	// $select narrows the rows, as in balena-sdk
	const selected = await balena.models.apiKey.getAll({ $select: ['id', 'name'] });
	assertType<Equals<keyof (typeof selected)[number], 'id' | 'name'>>();
	// @ts-expect-error description was not selected
	selected[0].description;
	const one = await balena.models.apiKey.getAll({ $select: 'name' });
	assertType<Equals<keyof (typeof one)[number], 'name'>>();
	const star = await balena.models.apiKey.getAll({ $select: '*' });
	star[0].description;

	// $expand turns the navigation property into an array of rows
	const expanded = await balena.models.apiKey.getAll({
		$select: ['id', 'name'],
		$expand: { is_of__actor: { $select: 'id' } },
	});
	const actorRowId: number = expanded[0].is_of__actor[0].id;
	const expandedByName = await balena.models.apiKey.getAll({ $expand: 'is_of__actor' });
	expandedByName[0].is_of__actor.length;
	const expandedByArray = await balena.models.apiKey.getAll({ $expand: ['is_of__actor'] });
	expandedByArray[0].is_of__actor.length;

	// every option form balena-sdk users write
	await balena.models.apiKey.getAll({
		$filter: { name: { $startswith: 'ci-' }, expiry_date: { $ne: null } },
		$orderby: { created_at: 'desc' },
		$top: 5,
		$skip: 10,
	});
	await balena.models.apiKey.getAll({ $orderby: 'name asc' });
	await balena.models.apiKey.getAll({ $orderby: [{ created_at: 'desc' }, 'id'] });
	await balena.models.apiKey.getAll({ $filter: { $or: [{ name: 'a' }, { name: 'b' }] } });
	await balena.models.apiKey.getAll({ $filter: { id: { $in: [1, 2, 3] } } });
	await balena.models.apiKey.getAll({ $filter: { created_at: { $gt: new Date('2024-01-01') } } });
	await balena.models.apiKey.getAll({ $filter: { $not: { name: null } } });
	await balena.models.apiKey.getAll({ $filter: { $raw: ["name eq $1", 'x'] } });
	await balena.models.apiKey.getAll({
		$filter: { is_of__actor: { $any: { $alias: 'a', $expr: { a: { id: 1 } } } } },
	});
	await balena.models.apiKey.getAll({ $filter: { $fn: { $scope: 'x', $method: 'y', $args: [1, 'a'] } } });
	await balena.models.apiKey.getAll({ $filter: { $duration: { negative: true, days: 1 } } });
	await balena.models.apiKey.getAll({ $select: new Set(['id', 'name'] as const) });
	const reusable: ApiKeyOptions = { $select: ['id'], $top: 1 };
	const reused = await balena.models.apiKey.getAll(reusable);
	reused[0].id;
	// @ts-expect-error $top is a number
	await balena.models.apiKey.getAll({ $top: '5' });
	// @ts-expect-error $skip is a number
	await balena.models.apiKey.getAll({ $skip: true });
	// @ts-expect-error $orderby directions are asc or desc
	await balena.models.apiKey.getAll({ $orderby: { name: 'up' } });
	// @ts-expect-error $select takes field names
	await balena.models.apiKey.getAll({ $select: 5 });
	// @ts-expect-error options are an object
	await balena.models.apiKey.getAll('name asc');

	const named = await balena.models.apiKey.getAllNamedUserApiKeys({ $select: ['id', 'name'] });
	named[0].name;
	await balena.models.apiKey.getAllNamedUserApiKeys();

	await balena.models.apiKey.getProvisioningApiKeysByApplication('myorganization/myapp');
	await balena.models.apiKey.getProvisioningApiKeysByApplication(123, { $select: 'id' });
	await balena.models.apiKey.getProvisioningApiKeysByApplication('1bf99a68cf9e4266986e6dec7a6e8f46', {
		$filter: { name: null },
		$orderby: 'id desc',
	});
	// @ts-expect-error the application is required
	await balena.models.apiKey.getProvisioningApiKeysByApplication();
	// @ts-expect-error the application is a slug, uuid or id
	await balena.models.apiKey.getProvisioningApiKeysByApplication({ id: 1 });

	await balena.models.apiKey.getDeviceApiKeysByDevice('7cf02a69e4d34c9da573914963cf54fd');
	const deviceKeys = await balena.models.apiKey.getDeviceApiKeysByDevice(5, {
		$expand: { is_of__actor: { $select: 'id' } },
	});
	deviceKeys[0].is_of__actor[0].id;
	// @ts-expect-error the device is required
	await balena.models.apiKey.getDeviceApiKeysByDevice();
	// @ts-expect-error the device is a uuid or id
	await balena.models.apiKey.getDeviceApiKeysByDevice(true);

	const updated: void = await balena.models.apiKey.update(123, { name: 'updatedName' });
	await balena.models.apiKey.update(123, { description: 'updated description' });
	await balena.models.apiKey.update(123, { expiryDate: '2022-04-29' });
	await balena.models.apiKey.update(123, { name: 'updatedName', description: null, expiryDate: null });
	// @ts-expect-error the new details are required
	await balena.models.apiKey.update(123);
	// @ts-expect-error the id is a number
	await balena.models.apiKey.update('123', { name: 'x' });
	// @ts-expect-error name cannot be null (it is how keys are listed)
	await balena.models.apiKey.update(123, { name: null });

	const revoked: void = await balena.models.apiKey.revoke(123);
	// @ts-expect-error the id is required
	await balena.models.apiKey.revoke();
	// @ts-expect-error the id is a number
	await balena.models.apiKey.revoke({ id: 123 });

	// @ts-expect-error not a method of models.apiKey
	await balena.models.apiKey.get(123);
	// @ts-expect-error only models.apiKey is in this package
	balena.models.device;

	void [key, id, name, createdAt, expiry, description, actor, actorRowId, updated, revoked];
}

// --- pine --------------------------------------------------------------------
async function pineUsage(): Promise<void> {
	const url: string = balena.pine.compile({ resource: 'api_key', options: { $orderby: { name: 'asc' } } });
	balena.pine.compile({ resource: 'api_key', id: 5 });
	balena.pine.compile({ resource: 'device', id: { uuid: '7cf02a69e4d34c9da573914963cf54fd' }, options: { $select: 'actor' } });
	balena.pine.compile({ resource: 'application', options: { $filter: { slug: 'a' }, $count: { $filter: { id: 1 } } } });
	balena.pine.compile({ resource: 'device', options: { $orderby: { $dir: 'desc', device_tag: { $count: {} } } } });
	balena.pine.compile({ resource: 'user', options: { $expand: ['actor', { owns__device: { $top: 1 } }] } });
	balena.pine.compile({ resource: 'api_key', options: { $expand: ['is_of__actor', { is_of__actor: { $top: 1 } }] } });
	balena.pine.compile({ resource: 'api_key', options: { foo: 'bar', '@id': 5 } });
	// @ts-expect-error compile takes the params object
	balena.pine.compile('api_key');
	// @ts-expect-error $top is a number
	balena.pine.compile({ resource: 'api_key', options: { $top: 'all' } });

	const keys = await balena.pine.get({ resource: 'api_key', options: { $select: ['id', 'name'] } });
	assertType<Equals<keyof (typeof keys)[number], 'id' | 'name'>>();
	const byId = await balena.pine.get({ resource: 'api_key', id: 5 });
	byId?.name;
	// @ts-expect-error a get by id may find nothing
	byId.name;
	const count: number = await balena.pine.get({ resource: 'api_key', options: { $count: { $filter: { name: null } } } });
	const devices = await balena.pine.get({ resource: 'device', options: { $select: ['id', 'uuid'] } });
	devices[0].uuid;
	// @ts-expect-error the resource is required
	await balena.pine.get({ options: { $top: 1 } });

	const created = await balena.pine.post({ resource: 'application_tag', body: { application: 1, tag_key: 'k', value: 'v' } });
	const patched: void = await balena.pine.patch({ resource: 'api_key', id: 5, body: { name: 'renamed' } });
	await balena.pine.patch({ resource: 'api_key', options: { $filter: { name: 'a' } }, body: { description: 'x' } });
	const deleted: void = await balena.pine.delete({ resource: 'api_key', id: 5 });
	// @ts-expect-error not a method of pine in this package
	await balena.pine.upsert({ resource: 'api_key', id: { name: 'x' }, body: {} });

	void [url, count, created, patched, deleted];
}

// --- errors --------------------------------------------------------------
async function errorUsage(): Promise<void> {
	try {
		await balena.models.apiKey.getAllNamedUserApiKeys();
	} catch (err) {
		if (err instanceof errors.BalenaNotLoggedIn) {
			const code: string = err.code;
			const message: string = err.message;
		} else if (err instanceof balena.errors.BalenaRequestError) {
			const status: number = err.statusCode;
			const body: unknown = err.body;
			err.responseHeaders?.get('x-request-id');
		} else if (err instanceof errors.BalenaInvalidParameterError) {
			const parameterName: string = err.parameterName;
			err.suppliedValue;
		} else if (err instanceof errors.BalenaApplicationNotFound || err instanceof errors.BalenaAmbiguousApplication) {
			const application: string | number = err.application;
		} else if (err instanceof errors.BalenaDeviceNotFound) {
			const device: string | number = err.device;
		} else if (err instanceof errors.BalenaExpiredToken || err instanceof errors.BalenaMalformedToken) {
			const expired: string = err.token;
		}
		if (err instanceof Error && (err as { code?: string }).code === 'BalenaNotLoggedIn') {
			err.name;
		}
	}
	const notLoggedIn: Error = new errors.BalenaNotLoggedIn();
	const invalid = new errors.BalenaInvalidParameterError('uuidOrId', 'abc');
	assertType<Equals<typeof errors, typeof balena.errors>>();
	// @ts-expect-error balena-sdk's other error classes are not part of this package
	errors.BalenaKeyNotFound;
	void [notLoggedIn, invalid];
}

// The helpers beyond balena-sdk, from their entry: a rotation's result and
// error, and an audit; the main entry's sdk has no `extras`.
async function extrasUsage(): Promise<void> {
	const balena = withExtras.getSdk({ dataDirectory: false });
	// @ts-expect-error the main entry's sdk has no extras
	getSdk().extras;
	assertType<Equals<typeof withExtras.errors, typeof errors>>();
	const made = await balena.extras.apiKey.create({ name: 'ci', expiryDate: '2030-10-12', description: null });
	const madeId: number | null = made.id;
	const madeKey: string = made.key;
	const rotation = await balena.extras.apiKey.rotate(123, { expiryDate: null });
	const newId: number | null = rotation.id;
	const secret: string = rotation.key;
	const revoked: number = rotation.revoked;
	try {
		await balena.extras.apiKey.rotate(123);
	} catch (err) {
		if (err instanceof errors.BalenaApiKeyRotationIncomplete) {
			const stillValid: number = err.oldId;
			const kept: string = err.key;
			const made: number | null = err.id;
		} else if (err instanceof errors.BalenaApiKeyNotFound) {
			err.id;
		}
	}
	const keys = await balena.extras.apiKey.getExpiring({
		days: 30,
		kinds: ['device', 'provisioning'],
		fleet: 'myorg/myfleet',
		onProgress: ({ kind, scanned, found }) => void [kind, scanned, found],
	});
	for (const key of keys) {
		const kind: 'user' | 'provisioning' | 'device' = key.kind;
		const expired: boolean = key.expired;
		const expiry: string = key.expiry_date;
		const slug: string | undefined = key.application?.slug;
		const uuid: string | undefined = key.device?.uuid;
		void [kind, expired, expiry, slug, uuid];
	}
	void [newId, secret, revoked, madeId, madeKey];
}

// Filters and options built apart from the call, as typed helpers do: with
// api_key's field names checked, or for any resource.
const filter: ApiKeyFilter = { name: { $contains: "x'y" }, $or: [{ id: 1 }, { id: 2 }] };
const options: ApiKeyOptions = { $filter: filter, $orderby: [{ name: 'asc' }] };
balena.pine.compile({ resource: 'api_key', options });
const anyFilter: PineFilter = { slug: { $contains: 'fleet' } };
const anyOptions: PineOptions = { $filter: anyFilter, $orderby: [{ slug: 'asc' }] };
balena.pine.compile({ resource: 'application', options: anyOptions });

export { apiKeyUsage, authUsage, errorUsage, extrasUsage, pineUsage };
