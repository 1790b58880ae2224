// Type-checked by tests/js/package-typings.test.mjs; never run. Each line
// names a field of api_key wrongly ('nmae', 'is_of_actor'…) in one of the
// places balena-sdk's typings check field names. Every `@ts-expect-error`
// must meet an error: a misspelling that type-checks fails the test
// (TS2578, unused directive).
import { getSdk } from 'balena-api-key-wasm';
import { getSdk as getExtrasSdk } from 'balena-api-key-wasm/extras';

const { models, pine } = getSdk({ dataDirectory: false });
const { extras } = getExtrasSdk({ dataDirectory: false });
const { apiKey } = models;

export async function misspelledFields(): Promise<void> {
	// --- $select
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $select: ['id', 'nmae'] });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $select: 'nmae' });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAllNamedUserApiKeys({ $select: new Set(['nmae'] as const) });

	// --- $filter
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $filter: { nmae: 'x' } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $filter: { name: { $ne: null }, expiry_dat: null } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $filter: { $or: [{ name: 'a' }, { nmae: 'b' }] } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $filter: { $not: { nmae: 'a' } } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getDeviceApiKeysByDevice(5, { $filter: { nmae: 'x' } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getProvisioningApiKeysByApplication('myorg/myapp', { $filter: { nmae: 'x' } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $count: { $filter: { nmae: 'x' } } });

	// --- $orderby
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $orderby: { nmae: 'asc' } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $orderby: 'nmae asc' });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $orderby: 'nmae' });
	// @ts-expect-error 'nmae' is not a field of api_key
	await apiKey.getAll({ $orderby: [{ created_at: 'desc' }, 'nmae'] });

	// --- $expand
	// @ts-expect-error 'is_of_actor' is not a navigation property of api_key
	await apiKey.getAll({ $expand: 'is_of_actor' });
	// @ts-expect-error 'is_of_actor' is not a navigation property of api_key
	await apiKey.getAll({ $expand: { is_of_actor: { $select: 'id' } } });
	// @ts-expect-error 'is_of_actor' is not a navigation property of api_key
	await apiKey.getAll({ $expand: ['is_of_actor'] });
	// @ts-expect-error 'name' is a field, not a navigation property
	await apiKey.getAll({ $expand: 'name' });

	// --- pine on api_key
	// @ts-expect-error 'nmae' is not a field of api_key
	await pine.get({ resource: 'api_key', options: { $select: ['nmae'] } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await pine.get({ resource: 'api_key', options: { $filter: { nmae: 'x' } } });
	// @ts-expect-error 'nmae' is not a field of api_key
	await pine.delete({ resource: 'api_key', options: { $filter: { nmae: 'x' } } });
	// @ts-expect-error 'nmae' is not a field of api_key
	pine.compile({ resource: 'api_key', options: { $orderby: 'nmae desc' } });

	// --- extras
	// @ts-expect-error 'users' is not a kind of API key
	await extras.apiKey.getExpiring({ kinds: ['users'] });
	// @ts-expect-error the window is a number of days
	await extras.apiKey.getExpiring({ days: '7' });
	// @ts-expect-error 'expiry' is not a rotation option
	await extras.apiKey.rotate(1, { expiry: null });
}
