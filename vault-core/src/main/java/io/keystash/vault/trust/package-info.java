/**
 * Which keys' commands and endpoints this machine runs and serves. A key's rotate and validate
 * commands, endpoint and address-like settings are run or served only when they were set here or
 * approved here ({@code keystash trust KEY}), so a crafted import or another member of a shared
 * vault cannot run a command as the user or point a program at their server. The CLI and the agent
 * both decide with {@link io.keystash.vault.trust.Approvals}.
 */
package io.keystash.vault.trust;
