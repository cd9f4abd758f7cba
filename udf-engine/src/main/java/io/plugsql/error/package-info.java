/** Categorized errors shared by every plugsql module. */
package io.plugsql.error;
