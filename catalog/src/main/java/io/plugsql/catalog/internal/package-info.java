/** Storage internals of the catalog (H2 schema, SQL, transactions); not an API. */
package io.plugsql.catalog.internal;
