import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A login. What it may do is in its role grants, never on the account itself. */
@Entity('account')
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  username!: string;

  /** argon2id, PHC string format (parameters travel with the hash). */
  @Column('text')
  passwordHash!: string;

  /** A disabled account cannot sign in, and its sessions were revoked when it was disabled. */
  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
