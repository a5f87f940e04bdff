/** The bundled or external PostgreSQL with pgvector, schema migrations and chunk storage. */
package dev.cairn.store;
