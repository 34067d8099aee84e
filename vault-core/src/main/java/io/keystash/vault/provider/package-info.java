/**
 * The providers Keystash knows (OpenAI, Anthropic, Google, AWS, Azure, Hugging Face, custom):
 * default variable names, settings and format checks, so that storing a key takes one command.
 */
package io.keystash.vault.provider;
