// Replaced at build time by webpack's DefinePlugin (see ../webpack.config.ts).
/** The backend's public https URL this build may call (also in the manifest's urlFetchWhitelist). */
declare const TOUCHBASE_PUBLIC_URL: string;
declare const TOUCHBASE_BUILD_VERSION: string;
