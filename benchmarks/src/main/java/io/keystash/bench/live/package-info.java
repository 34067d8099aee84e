/**
 * How fast a rotation reaches a running JVM under the agent: {@code keystash rotate} on the same
 * machine, a program polling {@code System.getenv} ({@link io.keystash.bench.live.PollingProgram}),
 * and the time between ({@link io.keystash.bench.live.RotationLatency}). Run by
 * {@code benchmarks/live/rotation.sh}.
 */
package io.keystash.bench.live;
