/**
 * The SMS provider, outside the system. Production wires a real provider's
 * adapter; development logs that a message went out (never the number); tests
 * replace it with a recording fake.
 */
export abstract class SmsGateway {
  abstract send(phone: string, text: string): Promise<void>;
}
