package health.carnet.notification;

public enum Channel { EMAIL, SMS, LETTER }
