package dev.anvil.machinery.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            kind: VolumeConfig\\nname: DATA                                                  | name
            kind: VolumeConfig\\nname: EPHEMERAL\\nprovisioning: {maxSize: 120%}             | provisioning.maxSize
            kind: VolumeConfig\\nname: STATE\\nencryption: {provider: luks1, keys: [{slot: 0, tpm: {}}]} | encryption.provider
            kind: VolumeConfig\\nname: STATE\\nencryption: {provider: luks2}                 | encryption.keys
            kind: VolumeConfig\\nname: STATE\\nencryption: {provider: luks2, keys: [{slot: 1, tpm: {}}, {slot: 1, nodeID: {}}]} | encryption.keys[1].slot
            kind: VolumeConfig\\nname: STATE\\nencryption: {provider: luks2, keys: [{slot: 0}]} | encryption.keys[0]
            kind: VolumeConfig\\nname: STATE\\nencryption: {provider: luks2, keys: [{tpm: {options: {pcrs: [7, 24]}}}]} | encryption.keys[0].tpm.options.pcrs
            kind: UserVolumeConfig\\nname: data_1\\nprovisioning: {diskSelector: {match: 'true'}} | name
            kind: UserVolumeConfig\\nname: data                                                | provisioning.diskSelector.match
            kind: UserVolumeConfig\\nname: data\\nvolumeType: tmpfs                            | volumeType
            kind: UserVolumeConfig\\nname: data\\nvolumeType: directory\\nfilesystem: {type: xfs} | filesystem
            kind: UserVolumeConfig\\nname: data\\nprovisioning: {diskSelector: {match: 'true'}, minSize: lots} | provisioning.minSize
            kind: UserVolumeConfig\\nname: data\\nprovisioning: {diskSelector: {match: 'true'}}\\nfilesystem: {type: zfs} | filesystem.type
            kind: UserVolumeConfig\\nname: data\\nprovisioning: {diskSelector: {match: 'true'}}\\nfilesystem: {type: ext4, projectQuotaSupport: true} | filesystem
            kind: RawVolumeConfig\\nname: raw                                                  | provisioning.diskSelector.match
            kind: SwapVolumeConfig\\nname: averyveryveryveryveryveryveryverylongname\\nprovisioning: {diskSelector: {match: 'true'}} | name
            kind: ExistingVolumeConfig\\nname: old                                             | discovery.volumeSelector.match
            """)
    void volumeRule_reportsItsPath(String body, String path) {
        String yaml = "apiVersion: v1alpha1\n" + body.replace("\\n", "\n") + "\n";

        assertThat(errorPaths(yaml)).containsExactly(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            kind: VolumeConfig\\nname: EPHEMERAL\\nprovisioning: {maxSize: 50%, minSize: 10GiB}
            kind: UserVolumeConfig\\nname: cache\\nvolumeType: directory
            kind: UserVolumeConfig\\nname: data\\nprovisioning: {diskSelector: {match: 'true'}, minSize: 1073741824}\\nfilesystem: {type: xfs, projectQuotaSupport: true}
            kind: UserVolumeConfig\\nname: disk1\\nvolumeType: disk\\nprovisioning: {diskSelector: {match: 'disk.size > 1u * TB'}}
            """)
    void validVolume_hasNoErrors(String body) {
        assertThat(errorPaths("apiVersion: v1alpha1\n" + body.replace("\\n", "\n") + "\n")).isEmpty();
    }

    private static List<String> errorPaths(String yaml) {
        var loaded = ConfigLoader.load(yaml, false);
        assertThat(loaded.errors()).as("loading").isEmpty();
        return Validator.validate(loaded, ValidationMode.CLOUD, false).stream().filter(ConfigProblem::isError)
                .map(ConfigProblem::yamlPath).toList();
    }
}
