/**
 * Registry authorisation: overlaybd's credentials file ({@code credentialFilePath}, docker-style {@code auths} with
 * its exact prefix-match rule, spec §4.2), {@code WWW-Authenticate} challenges, and the Basic/Bearer authenticator
 * that caches one token per scope. Secrets stay inside {@link io.obd4j.registry.auth.Credentials} and the token
 * cache: their {@code toString}, every log line and every exception text are redacted. Knows nothing about blobs,
 * caches or retries; the HTTP exchange for a token is supplied by the caller.
 */
package io.obd4j.registry.auth;
