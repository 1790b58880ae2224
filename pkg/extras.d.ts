// Types of `balena-api-key-wasm/extras`: the package's own, with
// `extras.apiKey` on the sdk that `getSdk` returns.
import type { BalenaSDK, Extras, SdkOptions } from './index.js';

export * from './index.js';

/** The sdk of `balena-api-key-wasm/extras`: balena-sdk's namespaces and `extras`. */
export interface BalenaSDKWithExtras extends BalenaSDK {
	/** Helpers beyond balena-sdk: key rotation and expiry audits. */
	extras: Extras;
}

/**
 * balena-sdk's `getSdk`, as the package's main entry has it, with
 * `extras.apiKey` (`create`, `rotate`, `getExpiring`) on the sdk it returns.
 *
 * @param {SdkOptions} [options] - the same options as the main entry's `getSdk`
 * @returns {BalenaSDKWithExtras} the sdk: `auth`, `models.apiKey`, `pine`, `errors`, `extras.apiKey`
 *
 * @example
 * import { getSdk } from 'balena-api-key-wasm/extras';
 * const balena = getSdk({ apiUrl: 'https://api.balena-cloud.com/', dataDirectory: false });
 * await balena.auth.loginWithToken(process.env.BALENA_API_KEY);
 * const expiring = await balena.extras.apiKey.getExpiring({ days: 30 });
 */
export declare function getSdk(options?: SdkOptions): BalenaSDKWithExtras;
