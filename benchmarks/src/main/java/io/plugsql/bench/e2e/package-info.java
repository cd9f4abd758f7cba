/**
 * End-to-end harness: the same {@code SUM(f(a, b))} query, on the same data, in plugsql and in the
 * systems users would pick instead, each compared with its own built-in expression.
 */
package io.plugsql.bench.e2e;
