import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { ArticleDto, ArticlePageDto, ArticleRefDto, CreateArticleDto, SearchArticlesQuery, UpdateArticleDto } from './dto/article.dto';
import { KnowledgeService } from './knowledge.service';

@ApiTags('knowledge')
@Controller({ path: 'knowledge/articles', version: '1' })
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get()
  @RequirePermission('knowledge.read')
  @ApiOkResponse({ type: ArticlePageDto })
  async searchArticles(@CurrentActor() actor: Actor, @Query() query: SearchArticlesQuery): Promise<ArticlePageDto> {
    const page = await this.knowledge.search(actor, query);
    return { ...page, items: page.items.map(ArticleDto.from) };
  }

  @Get(':id')
  @RequirePermission('knowledge.read')
  @ApiOkResponse({ type: ArticleDto })
  async getArticle(@Param('id', ParseUUIDPipe) id: string): Promise<ArticleDto> {
    return ArticleDto.from(await this.knowledge.get(id));
  }

  @Post()
  @RequirePermission('knowledge.manage')
  @ApiCreatedResponse({ type: ArticleDto })
  async createArticle(@CurrentActor() actor: Actor, @Body() body: CreateArticleDto): Promise<ArticleDto> {
    return ArticleDto.from(await this.knowledge.create(actor, body));
  }

  @Patch(':id')
  @RequirePermission('knowledge.manage')
  @ApiOkResponse({ type: ArticleDto })
  async updateArticle(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateArticleDto): Promise<ArticleDto> {
    return ArticleDto.from(await this.knowledge.update(actor, id, body));
  }
}

/** Which articles helped on a contact. */
@ApiTags('knowledge')
@Controller({ path: 'contacts', version: '1' })
export class ContactArticlesController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get(':id/articles')
  @RequirePermission('contacts.read')
  @ApiOkResponse({ type: [ArticleRefDto] })
  async listContactArticles(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ArticleRefDto[]> {
    return this.knowledge.usedOn(actor, id);
  }

  @Put(':id/articles/:articleId')
  @RequirePermission('contacts.write')
  @ApiOkResponse({ type: [ArticleRefDto] })
  async markArticleUsed(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('articleId', ParseUUIDPipe) articleId: string,
  ): Promise<ArticleRefDto[]> {
    return this.knowledge.markUsed(actor, id, articleId);
  }
}
