package io.keystash.it.agent.programs;

import io.keystash.it.support.Hashes;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** The AWS SDK v2 default credentials chain, run under the agent; reports hashes of what it resolved. */
public final class AwsProbe {
    private AwsProbe() {
    }

    public static void main(String[] args) {
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            System.out.println("aws.accessKeyId=" + Hashes.of(credentials.accessKeyId()));
            System.out.println("aws.secretAccessKey=" + Hashes.of(credentials.secretAccessKey()));
            System.out.println("main=ran");
        }
    }
}
