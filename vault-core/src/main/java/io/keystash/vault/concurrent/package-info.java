/** Work split across threads where a cold start or a large vault gains from a second core. */
package io.keystash.vault.concurrent;
