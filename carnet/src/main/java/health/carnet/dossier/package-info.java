/**
 * Patients and their dossiers (SPEC §3, §4, §8): the lifecycle ACTIVE → CLOSED → DESTROYED with
 * reopening and retention, the creation paths (online by the patient, by a professional, a
 * pharmacist or an insurer agent with recorded consent, minors through a professional with their
 * legal representatives), patients' logins with one-time codes, the médecin traitant DMP.
 * Owns tables {@code dossier}, {@code dossier_event}, {@code patient_account},
 * {@code legal_representative}, {@code one_time_code}, {@code insured_person}, and the tables keyed the other way
 * round (issue #15): {@code dossier_ins} (one live dossier per INS, the destroyed ones by INS), {@code dossier_owner}
 * (a dossier's own login), {@code represented_dossier} (the dossiers a login represents).
 * Publishes {@link health.carnet.dossier.DossierLifecycleEvent} (in the transaction of the change).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "audit", "notification"})
package health.carnet.dossier;
