package health.carnet.notification;

/**
 * How a message travels. MSSANTE is the professionals' secure messaging (to a médecin traitant);
 * Carnet has no MSSanté connector yet, so those messages stay in the local outbox.
 */
public enum Channel { EMAIL, SMS, LETTER, MSSANTE }
