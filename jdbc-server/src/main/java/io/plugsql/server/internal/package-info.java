/**
 * Internals of the JDBC server: the tenant-bound Avatica {@code Meta}, HTTP authentication against
 * the users file, per-tenant quotas, statement supervision (timeouts, cancel), audit logging and
 * first-start demo data.
 */
package io.plugsql.server.internal;
