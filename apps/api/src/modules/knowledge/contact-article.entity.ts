import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Contact } from '../contacts/contact.entity';
import { KnowledgeArticle } from './article.entity';

/** An article an operator used during a contact. */
@Entity('contact_articles')
@Index('ix_contact_articles_article', ['articleId'])
export class ContactArticle {
  @PrimaryColumn({ type: 'uuid' })
  contactId!: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_contact_articles_contact' })
  contact?: Relation<Contact>;

  @PrimaryColumn({ type: 'uuid' })
  articleId!: string;

  @ManyToOne(() => KnowledgeArticle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'fk_contact_articles_article' })
  article?: Relation<KnowledgeArticle>;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'mayak_now()' })
  createdAt!: Date;
}
