/**
 * Per-dossier encryption (SEC-1, SEC-2): each dossier has its own AES-256-GCM data key, wrapped by
 * a master key held outside the database ({@link health.carnet.crypto.MasterKeys}: a PKCS#12
 * keystore by default, a KMS in production). Other modules seal and open bytes for a dossier and
 * never see key material. Destroying a dossier deletes its key. Owns table {@code crypto_dossier_key}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "dossier"})
package health.carnet.crypto;
