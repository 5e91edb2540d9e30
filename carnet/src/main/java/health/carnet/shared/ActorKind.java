package health.carnet.shared;

/** What kind of caller an {@link Actor} is: a health professional, a patient (or legal representative), or a system. */
public enum ActorKind { PROFESSIONAL, PATIENT, SYSTEM }
