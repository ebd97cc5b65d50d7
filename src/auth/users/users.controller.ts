import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProfileResponses } from '../auth.openapi.js';
import type { AuthUser } from '../auth-user.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { type UpdateMeBody, updateMeSchema } from './dto/users.schemas.js';
import type { UserProfile } from './user-profile.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  public constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: 'Your profile' })
  @ApiProfileResponses()
  public me(@CurrentUser() user: AuthUser): Promise<UserProfile> {
    return this.users.getProfile(user.id);
  }

  @Patch('me')
  @ApiOperation({
    summary: 'Change your display name or password',
    description:
      'A password change needs `currentPassword` and ends every other session. Unknown fields (e.g. `role`) are a 400.',
  })
  @ApiProfileResponses({ writes: true })
  public update(
    @CurrentUser() user: AuthUser,
    @Body({ schema: updateMeSchema }) body: UpdateMeBody,
  ): Promise<UserProfile> {
    return this.users.update(user, body);
  }
}
