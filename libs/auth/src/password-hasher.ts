import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id; the package's const enum cannot be read under isolatedModules. */
const ARGON2ID = 2;

/**
 * argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane): slow
 * enough to make offline guessing expensive, fast enough (~tens of ms) for a
 * login. The parameters are stored in each hash, so they can be raised later.
 */
@Injectable()
export class PasswordHasher {
  private readonly options = {
    algorithm: ARGON2ID,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  };
  /** Verified against when the username is unknown, so both paths cost the same time. */
  private readonly decoy = hash('decoy-password-never-valid', this.options);

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) {
      await verify(await this.decoy, password);
      return false;
    }
    return verify(passwordHash, password);
  }
}
