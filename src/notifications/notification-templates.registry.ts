import { Injectable } from '@nestjs/common';

export interface RenderedMessage {
  /** E-mail subject; ignored by SMS and Slack. */
  subject?: string;
  text: string;
}

export type TemplateRenderer = (payload: Record<string, unknown>) => RenderedMessage | Promise<RenderedMessage>;

/**
 * Templates are registered by the domain that sends them, so the
 * notifications module knows no domain.
 */
@Injectable()
export class NotificationTemplateRegistry {
  private readonly templates = new Map<string, TemplateRenderer>();

  register(template: string, render: TemplateRenderer): void {
    if (this.templates.has(template)) throw new Error(`notification template ${template} is registered twice`);
    this.templates.set(template, render);
  }

  async render(template: string, payload: Record<string, unknown>): Promise<RenderedMessage> {
    const render = this.templates.get(template);
    if (!render) throw new Error(`no notification template named ${template}`);
    return render(payload);
  }
}
